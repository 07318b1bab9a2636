"""`ipo token` mints each scope, lists them in its help, and refuses a scope no service knows."""

from __future__ import annotations

from typer.testing import CliRunner

from kernel.auth import ALL_SCOPES, AUDIT_SCOPE, FEED_SCOPE, TokenIssuer
from kernel.cli import app
from kernel.testing.fixtures import SIGNING_KEY

ENV = {"AUTH_SIGNING_KEY": SIGNING_KEY, "AUTH_ISSUER": "hubei-ipo", "AUTH_AUDIENCE": "hubei-ipo-measures", "COLUMNS": "300"}


def mint(*args: str):
    return CliRunner().invoke(app, ["token", *args], env=ENV)


def test_the_help_lists_every_scope():
    help_text = " ".join(mint("--help").output.split())
    for scope in ALL_SCOPES:
        assert scope in help_text, scope


def test_each_scope_is_minted_alone_and_with_a_region():
    issuer = TokenIssuer(SIGNING_KEY, ENV["AUTH_ISSUER"], ENV["AUTH_AUDIENCE"])
    for scope in ALL_SCOPES:
        result = mint("--scope", scope, "--region", "420100")
        assert result.exit_code == 0, result.output
        principal = issuer.verify(result.output.strip().splitlines()[-1])
        assert principal.scopes == frozenset({scope}) and principal.region == "420100"
    both = issuer.verify(mint("--scope", FEED_SCOPE, "--scope", AUDIT_SCOPE).output.strip().splitlines()[-1])
    assert both.scopes == frozenset({FEED_SCOPE, AUDIT_SCOPE}) and both.region is None


def test_an_unknown_scope_is_refused():
    result = mint("--scope", "feed:reed")
    assert result.exit_code == 2
    assert "feed:reed" in result.output and FEED_SCOPE in result.output
    assert "未知的权限范围：feed:reed" in result.output and "unknown scope: feed:reed" in result.output


def test_the_help_and_the_usage_errors_are_chinese_first_with_english_beside():
    help_text = " ".join(mint("--help").output.split())
    assert "签发持有者令牌，令牌在输出的最后一行；mint a bearer token" in help_text
    assert "有效期（小时） / lifetime in hours." in help_text and "[默认 default: 12.0]" in help_text
    assert "显示此帮助并退出 / show this message and exit." in help_text and "选项 Options" in help_text
    wrong = mint("--hours", "x")
    assert wrong.exit_code == 2
    assert "值无效；Invalid value for '--hours'" in " ".join(wrong.output.split())
