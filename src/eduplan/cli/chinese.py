"""Chinese for the messages Typer prints itself (usage, help, usage errors).

Typer's section titles go through `gettext`; its vendored Click writes "Usage:", the help
option's text and usage errors in English. eduplan speaks Chinese to its users, so the
titles get a Chinese lookup, the help option and usage prefix are set here, and usage
errors are rendered by `usage_error_message`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

MESSAGES: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing command.": "缺少子命令。",
    "No such command {name!r}.": "没有名为 {name!r} 的命令。",
    "No such option {name!r}.": "没有名为 {name!r} 的选项。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受取值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Invalid value: {message}": "取值无效：{message}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "Aborted!": "已中止。",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "integer": "整数",
    "float": "数字",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
}

_MODULES = ("click.core", "click.formatting", "click.exceptions", "click.decorators", "click.parser",
            "click.types", "typer.core", "typer.rich_utils")


def _translate(fallback: Callable[[str], str]) -> Callable[[str], str]:
    def lookup(message: str) -> str:
        return MESSAGES.get(message) or fallback(message)

    return lookup


def install() -> None:
    """Make Click and Typer print their own messages in Chinese."""
    install_help()
    for name in _MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # pragma: no cover - optional module of a given version
            continue
        current = getattr(module, "_", None)
        if callable(current) and not getattr(current, "__eduplan__", False):
            lookup = _translate(current)
            lookup.__eduplan__ = True  # type: ignore[attr-defined]
            module._ = lookup  # type: ignore[attr-defined]


HELP_TEXT = "显示本帮助并退出。"
USAGE_PREFIX = "用法："

_USAGE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Missing argument '(.+)'\."), "缺少参数 {0}。"),
    (re.compile(r"Missing option '(.+)'\."), "缺少选项 {0}。"),
    (re.compile(r"No such command '(.+)'\."), "没有名为“{0}”的命令。"),
    (re.compile(r"No such option: (.+)"), "没有选项 {0}。"),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)"), "多余的参数：{0}。"),
    (re.compile(r"Invalid value for '(.+)': Input should be a valid integer.*"), "参数 {0} 应为整数。"),
    (re.compile(r"Invalid value for '(.+)': Input should be a valid number.*"), "参数 {0} 应为数字。"),
    (re.compile(r"Invalid value for '(.+)': (.+)"), "参数 {0} 的取值无效：{1}"),
    (re.compile(r"Missing command\."), "缺少子命令。"),
)


def usage_error_message(message: str) -> str:
    """A usage error from the parser, in Chinese where its pattern is known."""
    for pattern, template in _USAGE_ERRORS:
        match = pattern.fullmatch(message.strip())
        if match:
            return template.format(*match.groups())
    return message


def install_help() -> None:
    """Chinese help-option text and usage prefix in Typer's vendored Click."""
    try:
        from typer._click import core, formatting
    except ImportError:  # pragma: no cover - an older Typer that uses Click itself
        return
    if getattr(core.Command.get_help_option, "__eduplan__", False):
        return
    original_help = core.Command.get_help_option
    original_usage = formatting.HelpFormatter.write_usage

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original_help(self, ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

    get_help_option.__eduplan__ = True  # type: ignore[attr-defined]
    core.Command.get_help_option = get_help_option  # type: ignore[method-assign]
    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
