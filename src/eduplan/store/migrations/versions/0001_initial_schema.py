"""Initial schema: the whole domain, users and roles, audit events.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The roles a user can hold; seeded here so that every database has them.
ROLES = [
    ("admin", "系统管理员"),
    ("planner", "区教委规划科"),
    ("unit", "责任单位"),
    ("municipal", "市教委"),
    ("evaluator", "第三方评估机构"),
    ("viewer", "只读用户"),
]


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('before', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('after', sa.JSON(none_as_null=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_events_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('regions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=True),
    sa.Column('parent', sa.String(length=100), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regions')),
    sa.UniqueConstraint('name', name=op.f('uq_regions_name'))
    )
    roles = op.create_table('roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roles')),
    sa.UniqueConstraint('name', name=op.f('uq_roles_name'))
    )
    op.create_table('observations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=200), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('reported_by', sa.Text(), nullable=True),
    sa.Column('simulated', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_observations_region_id_regions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_observations')),
    sa.UniqueConstraint('indicator', 'region_id', 'year', name=op.f('uq_observations_indicator_region_id_year'))
    )
    with op.batch_alter_table('observations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_observations_region_id'), ['region_id'], unique=False)

    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('doc_number', sa.Text(), nullable=True),
    sa.Column('issuer', sa.Text(), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('period_start', sa.Integer(), nullable=True),
    sa.Column('period_end', sa.Integer(), nullable=True),
    sa.Column('vision_year', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('source_file', sa.Text(), nullable=True),
    sa.Column('source_sha256', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_plans_region_id_regions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    sa.UniqueConstraint('region_id', 'title', name=op.f('uq_plans_region_id_title'))
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_doc_number'), ['doc_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_plans_region_id'), ['region_id'], unique=False)

    op.create_table('responsible_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_responsible_units_region_id_regions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_responsible_units')),
    sa.UniqueConstraint('region_id', 'name', name=op.f('uq_responsible_units_region_id_name'))
    )
    with op.batch_alter_table('responsible_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_responsible_units_region_id'), ['region_id'], unique=False)

    op.create_table('school_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.String(length=100), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=100), nullable=False),
    sa.Column('ownership', sa.String(length=100), nullable=False),
    sa.Column('enrolment', sa.Integer(), nullable=False),
    sa.Column('classes', sa.Integer(), nullable=False),
    sa.Column('class_sizes', sa.JSON(), nullable=False),
    sa.Column('teachers', sa.Integer(), nullable=False),
    sa.Column('teachers_by_qualification', sa.JSON(), nullable=False),
    sa.Column('backbone_teachers', sa.Integer(), nullable=False),
    sa.Column('pe_teachers', sa.Integer(), nullable=False),
    sa.Column('music_teachers', sa.Integer(), nullable=False),
    sa.Column('art_teachers', sa.Integer(), nullable=False),
    sa.Column('certified_teachers', sa.Integer(), nullable=False),
    sa.Column('teaching_area', sa.Float(), nullable=False),
    sa.Column('sports_area', sa.Float(), nullable=False),
    sa.Column('music_rooms', sa.Integer(), nullable=False),
    sa.Column('art_rooms', sa.Integer(), nullable=False),
    sa.Column('equipment_value', sa.Float(), nullable=False),
    sa.Column('multimedia_classrooms', sa.Integer(), nullable=False),
    sa.Column('extra', sa.JSON(), nullable=False),
    sa.Column('simulated', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_school_records_region_id_regions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school_records')),
    sa.UniqueConstraint('region_id', 'school_id', 'year', 'stage', name=op.f('uq_school_records_region_id_school_id_year_stage'))
    )
    with op.batch_alter_table('school_records', schema=None) as batch_op:
        batch_op.create_index('ix_school_records_region_year', ['region_id', 'year'], unique=False)

    op.create_table('evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('plan_title', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_evaluations_plan_id_plans'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_evaluations_region_id_regions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations'))
    )
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluations_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluations_region_id'), ['region_id'], unique=False)

    op.create_table('findings',
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('severity', sa.Text(), nullable=False),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('source_line', sa.Integer(), nullable=True),
    sa.Column('source_file', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_findings_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_findings'))
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_findings_plan_id'), ['plan_id'], unique=False)

    op.create_table('indicators',
    sa.Column('table_name', sa.Text(), nullable=True),
    sa.Column('parent', sa.Text(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('category', sa.Text(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('raw_values', sa.JSON(), nullable=False),
    sa.Column('target_op', sa.String(length=8), nullable=True),
    sa.Column('target_value', sa.Float(), nullable=True),
    sa.Column('target_value_max', sa.Float(), nullable=True),
    sa.Column('target_year', sa.Integer(), nullable=True),
    sa.Column('target_raw', sa.Text(), nullable=True),
    sa.Column('attribute', sa.String(length=16), nullable=True),
    sa.Column('catalog_id', sa.Text(), nullable=True),
    sa.Column('direction', sa.String(length=8), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('source_line', sa.Integer(), nullable=True),
    sa.Column('source_file', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_indicators_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators'))
    )
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicators_catalog_id'), ['catalog_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicators_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_units_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['responsible_units.id'], name=op.f('fk_plan_units_unit_id_responsible_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_units'))
    )
    with op.batch_alter_table('plan_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_units_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_units_unit_id'), ['unit_id'], unique=False)

    op.create_table('programmes',
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('source_line', sa.Integer(), nullable=True),
    sa.Column('source_file', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_programmes_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes'))
    )
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programmes_plan_id'), ['plan_id'], unique=False)

    op.create_table('projects',
    sa.Column('table_name', sa.Text(), nullable=True),
    sa.Column('seq', sa.Integer(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('group_name', sa.Text(), nullable=True),
    sa.Column('stage', sa.Text(), nullable=True),
    sa.Column('nature', sa.Text(), nullable=True),
    sa.Column('period_start', sa.Integer(), nullable=True),
    sa.Column('period_end', sa.Integer(), nullable=True),
    sa.Column('planned_start', sa.Text(), nullable=True),
    sa.Column('planned_finish', sa.Text(), nullable=True),
    sa.Column('investment_total', sa.Float(), nullable=True),
    sa.Column('investment_by_year', sa.JSON(), nullable=False),
    sa.Column('places', sa.Integer(), nullable=True),
    sa.Column('site_area', sa.Float(), nullable=True),
    sa.Column('floor_area', sa.Float(), nullable=True),
    sa.Column('status', sa.Text(), nullable=True),
    sa.Column('columns', sa.JSON(), nullable=False),
    sa.Column('actual_start', sa.Text(), nullable=True),
    sa.Column('actual_finish', sa.Text(), nullable=True),
    sa.Column('actual_investment_by_year', sa.JSON(), nullable=False),
    sa.Column('places_delivered_by_year', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('source_line', sa.Integer(), nullable=True),
    sa.Column('source_file', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_projects_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_plan_id'), ['plan_id'], unique=False)

    op.create_table('prose_targets',
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('op', sa.String(length=8), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('value_max', sa.Float(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('programme', sa.Text(), nullable=True),
    sa.Column('catalog_id', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('source_line', sa.Integer(), nullable=True),
    sa.Column('source_file', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_prose_targets_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prose_targets'))
    )
    with op.batch_alter_table('prose_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prose_targets_catalog_id'), ['catalog_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prose_targets_plan_id'), ['plan_id'], unique=False)

    op.create_table('tasks',
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('section', sa.Text(), nullable=True),
    sa.Column('parent_key', sa.Text(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('source_line', sa.Integer(), nullable=True),
    sa.Column('source_file', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['tasks.id'], name=op.f('fk_tasks_parent_id_tasks'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_tasks_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_plan_id'), ['plan_id'], unique=False)

    op.create_table('unit_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['responsible_units.id'], name=op.f('fk_unit_aliases_unit_id_responsible_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_aliases')),
    sa.UniqueConstraint('unit_id', 'alias', name=op.f('uq_unit_aliases_unit_id_alias'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_users_region_id_regions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], name=op.f('fk_users_role_id_roles')),
    sa.ForeignKeyConstraint(['unit_id'], ['responsible_units.id'], name=op.f('fk_users_unit_id_responsible_units'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_role_id'), ['role_id'], unique=False)

    op.create_table('task_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_units_task_id_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['responsible_units.id'], name=op.f('fk_task_units_unit_id_responsible_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_units'))
    )
    with op.batch_alter_table('task_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_units_task_id'), ['task_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_units_unit_id'), ['unit_id'], unique=False)

    op.bulk_insert(roles, [{"name": name, "title": title} for name, title in ROLES])


def downgrade() -> None:
    with op.batch_alter_table('task_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_units_unit_id'))
        batch_op.drop_index(batch_op.f('ix_task_units_task_id'))

    op.drop_table('task_units')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_role_id'))

    op.drop_table('users')
    op.drop_table('unit_aliases')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_plan_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_parent_id'))

    op.drop_table('tasks')
    with op.batch_alter_table('prose_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prose_targets_plan_id'))
        batch_op.drop_index(batch_op.f('ix_prose_targets_catalog_id'))

    op.drop_table('prose_targets')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_plan_id'))

    op.drop_table('projects')
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programmes_plan_id'))

    op.drop_table('programmes')
    with op.batch_alter_table('plan_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_units_unit_id'))
        batch_op.drop_index(batch_op.f('ix_plan_units_plan_id'))

    op.drop_table('plan_units')
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicators_plan_id'))
        batch_op.drop_index(batch_op.f('ix_indicators_catalog_id'))

    op.drop_table('indicators')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_findings_plan_id'))

    op.drop_table('findings')
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluations_region_id'))
        batch_op.drop_index(batch_op.f('ix_evaluations_plan_id'))

    op.drop_table('evaluations')
    with op.batch_alter_table('school_records', schema=None) as batch_op:
        batch_op.drop_index('ix_school_records_region_year')

    op.drop_table('school_records')
    with op.batch_alter_table('responsible_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_responsible_units_region_id'))

    op.drop_table('responsible_units')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plans_region_id'))
        batch_op.drop_index(batch_op.f('ix_plans_doc_number'))

    op.drop_table('plans')
    with op.batch_alter_table('observations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_observations_region_id'))

    op.drop_table('observations')
    op.drop_table('roles')
    op.drop_table('regions')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_entity')
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))

    op.drop_table('audit_events')
