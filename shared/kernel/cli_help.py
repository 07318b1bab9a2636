"""The help and usage errors of every `ipo` command Chinese first, typer's and click's own words included.

`use_bilingual_help()` sets typer's words and makes rich wrap Chinese help by display cells; `BilingualGroup` is
the command group that describes the help and completion options Chinese first and says usage errors
`中文；English`. `ipo` (kernel.cli) and `python -m projection.cli` use both.
"""

from __future__ import annotations

import re
from typing import Any

import typer
import typer.rich_utils
from rich.cells import cell_len
from rich.text import Text
from typer.core import TyperGroup

# the words typer and click put around the help (panel titles, defaults, the options every command has), Chinese first
HELP_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "参数 Arguments", "OPTIONS_PANEL_TITLE": "选项 Options", "COMMANDS_PANEL_TITLE": "命令 Commands",
    "ERRORS_PANEL_TITLE": "错误 Error", "DEFAULT_STRING": "[默认 default: {}]", "ENVVAR_STRING": "[环境变量 env var: {}]",
    "REQUIRED_LONG_STRING": "[必填 required]", "ABORTED_TEXT": "已中止；aborted.",
    "RICH_HELP": "用 [blue]'{command_path} {help_option}'[/] 查看帮助；try [blue]'{command_path} {help_option}'[/] for help.",
}
OPTION_WORDS = {
    "help": "显示此帮助并退出 / show this message and exit.",
    "install_completion": "为当前 shell 安装命令补全 / install completion for the current shell.",
    "show_completion": "显示当前 shell 的命令补全脚本，可复制或自行修改 / show completion for the current shell, to copy "
                       "it or customize the installation.",
}
# click's usage errors (typer's own copy of click), each said Chinese first: the English message's start -> its Chinese
USAGE_WORDS = (("No such command", "没有该命令"), ("No such option", "没有该选项"), ("Missing argument", "缺少参数"),
               ("Missing option", "缺少选项"), ("Missing parameter", "缺少参数"), ("Invalid value", "值无效"),
               ("Got unexpected extra argument", "多余的参数"), ("Option", "选项用法有误"))
_TRAILING_SPACE = re.compile(r"\s+$")
UsageError = typer.BadParameter.__base__  # the UsageError of typer's own click (typer exports only BadParameter)


def _rstrip_end_in_cells(self: Text, size: int) -> None:
    """rich's Text.rstrip_end counting cells, not characters: a wrapped line holding Chinese (two cells a character)
    otherwise keeps the space after its last word, and rich crops that word's last character to an ellipsis."""
    excess = cell_len(self.plain) - size
    if excess > 0 and (spaces := _TRAILING_SPACE.search(self.plain)) is not None:
        self.right_crop(min(len(spaces.group(0)), excess))


def _folding(make_rich_text: Any) -> Any:
    """typer's help texts folded where a line ends: Chinese has no spaces to wrap at, and a table cell's text that
    does not fit would otherwise be cut off with an ellipsis."""
    if getattr(make_rich_text, "folds", False):
        return make_rich_text

    def make(*args: Any, **kwargs: Any) -> Any:
        text = make_rich_text(*args, **kwargs)
        if isinstance(text, Text):
            text.overflow = "fold"
        return text

    make.folds = True  # type: ignore[attr-defined]
    return make


def use_bilingual_help() -> None:
    """Typer's and click's own words in the help Chinese first; Chinese help wrapped without losing characters.

    Called on import; `python -m projection.cli` uses it and BilingualGroup too."""
    for name, words in HELP_WORDS.items():
        setattr(typer.rich_utils, name, words)
    typer.rich_utils._make_rich_text = _folding(typer.rich_utils._make_rich_text)
    Text.rstrip_end = _rstrip_end_in_cells  # type: ignore[method-assign]


def _bilingual_usage_error(exc: Exception) -> None:
    """A usage error of typer's click says what is wrong Chinese first: `缺少参数；Missing argument 'SERVICE'.`"""
    english = getattr(exc, "format_message", None)
    if english is None or getattr(exc, "bilingual", False) or not hasattr(exc, "ctx"):
        return

    def bilingual() -> str:
        text = english()
        zh = next((zh for en, zh in USAGE_WORDS if text.startswith(en)), "用法有误")
        return f"{zh}；{text}"

    exc.format_message = bilingual  # type: ignore[attr-defined]
    exc.bilingual = True  # type: ignore[attr-defined]


def _bilingual_options(command: Any, ctx: Any) -> None:
    option = command.get_help_option(ctx)
    if option is not None:
        option.help = OPTION_WORDS["help"]


class BilingualGroup(TyperGroup):
    """`ipo` and its commands with the help option (and the completion options) described Chinese first."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            if param.name in OPTION_WORDS and hasattr(param, "help"):
                param.help = OPTION_WORDS[param.name]
        return params

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = OPTION_WORDS["help"]
        return option

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _bilingual_options(command, ctx)
        return command

    def make_context(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as exc:
            _bilingual_usage_error(exc)
            raise

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            _bilingual_usage_error(exc)
            raise
