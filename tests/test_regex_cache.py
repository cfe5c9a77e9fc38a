"""The lexicon's compiled regexes kept on disk are the very programs ``re.compile`` builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from positions import lexicon
from positions.lexicon import REGEX_CACHE_ENV, compile_regex, load_lexicon


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "regex"
    monkeypatch.setenv(REGEX_CACHE_ENV, str(folder))
    return folder


def test_regex_cache_program_from_disk_equals_re_compile(cache: Path) -> None:
    source = r"(?<!\w)(?P<verb>قال|اكد|(?:اعلن|اعتبر)(?:ت|وا)?)(?P<obj>ه|ها)?(?!\w)"
    first = compile_regex(source)
    assert first == re.compile(source) and len(list(cache.glob("*.marshal"))) == 1
    re.purge()
    again = compile_regex(source)  # from the file
    assert again == re.compile(source)  # Pattern equality compares flags, pattern and program
    assert again.groupindex == re.compile(source).groupindex
    text = "وقال لافروف إنه اكدها"
    assert [m.groupdict() for m in again.finditer(text)] == [m.groupdict() for m in re.finditer(source, text)]


def test_regex_cache_every_lexicon_pattern(cache: Path) -> None:
    load_lexicon.cache_clear()
    try:
        built = load_lexicon()
        for cue in built.cues:
            assert cue.regex == re.compile(cue.source)
        load_lexicon.cache_clear()
        loaded = load_lexicon()  # now from the cache
        for name in ("speaker_regex", "title_regex", "verb_regex", "hedge_regex", "weakener_regex"):
            assert getattr(loaded, name) == re.compile(getattr(built, name).pattern), name
        for cue in loaded.cues:
            assert cue.regex == re.compile(cue.source)
        assert all(loaded.requires[name] == re.compile(loaded.requires[name].pattern) for name in loaded.requires)
    finally:
        load_lexicon.cache_clear()


def test_regex_cache_damaged_or_unwritable_falls_back(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = r"(?:حل|الحل)\W+سياسي"
    compile_regex(source)
    for path in cache.glob("*.marshal"):
        path.write_bytes(b"not a program")
    assert compile_regex(source) == re.compile(source)
    monkeypatch.setenv(REGEX_CACHE_ENV, "off")
    assert compile_regex(source + "?") == re.compile(source + "?")
    blocked = cache.parent / "a-file"
    blocked.write_text("")
    monkeypatch.setenv(REGEX_CACHE_ENV, str(blocked / "regex"))  # cannot be a folder
    assert compile_regex(source + "+") == re.compile(source + "+")
    assert lexicon._regex_cache() == blocked / "regex"
