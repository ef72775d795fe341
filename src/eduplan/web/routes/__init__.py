"""The routes: each module pairs Chinese pages with their JSON twins under /api/v1."""
