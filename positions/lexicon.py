"""Loads the analyst-editable data files of ``positions/data`` and compiles them to regexes.

Owns the cue pattern language (documented at the top of ``data/cues.tsv``) and the
generation of inflected verb forms. Everything is compiled over *normalised* text
(``positions.normalise``), so spelling variants in the data files do not matter. Nothing
here looks at documents; ``Lexicon`` is built once and shared (it is immutable).
"""

from __future__ import annotations

import csv
import hashlib
import json
import marshal
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from positions.normalise import normalise_plain
from positions.wordscan import WordGate, combined

DATA_DIR = Path(__file__).parent / "data"

SEP = r"[^\w]+"
IMPERFECT = r"[يت]\w{2,}"  # a word shaped like an imperfect verb (يكون، تؤدي)
GAPS = {"~": 3, "…": 8, "...": 8}
_PREFIX = r"(?:[وف])?(?:[بكلس])?"
# where «ك» + a word opens a common word of its own (``kaf_collides``), «ك» ("like") is read
# only with the article («كان» is no «ك» + «أن», «كاملة» no «ك» + «أمل»; «كإرهابية» stays «ك» + «إرهابية»)
_PREFIX_NO_BARE_KAF = r"(?:[وف])?(?:[بلس]|ك(?=ال))?"
_PRONOUNS = ("ه", "ها", "هم", "هما", "كم", "نا", "ي")


class LexiconError(ValueError):
    """A data file is malformed; the message names the file and line."""


def read_tsv(name: str, data_dir: Path = DATA_DIR) -> list[dict[str, str]]:
    """Rows of a tab-separated data file, skipping '#' comments and blank lines."""
    path = data_dir / name
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    for number, row in enumerate(rows, start=2):
        if None in row or any(value is None for value in row.values()):
            raise LexiconError(f"{path}: row {number} has the wrong number of columns")
    return rows


def trie_regex(words: Iterable[str]) -> str:
    """One regex alternation for many literal strings, factored by common prefixes.

    Python's regex engine tries the branches of ``a|b|c`` one by one; a trie makes matching
    thousands of verb forms or names cost about as much as matching one.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        ending = "" in node
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ending else "(?:" + "|".join(branches) + ")"
        if len(branches) == 1 and not ending:
            return body
        return body + ("?" if ending else "")

    return render(trie)


def word_regex(stem: str, exact: bool = False) -> str:
    """Regex for one word with clitic prefixes and (unless exact) any suffix."""
    tied = _tied_feminine(stem, exact)
    stem = normalise_plain(stem)
    # particles and other short words (لا، لم، لن، ما، عن) never take a suffix
    suffixed = not exact and len(stem) > 2

    def body(text: str) -> str:
        # a tied feminine (ة, normalised to ه) is written ت before a suffix: مشاركة، مشاركتها
        if tied:
            return re.escape(text[:-1]) + r"(?:ه|ت(?=\w))"
        return re.escape(text)

    if stem.startswith("ال") and len(stem) > 2:
        core = rf"(?:[وف]?[بك]?{body(stem)}|[وف]?لل{body(stem[2:])})"
    else:
        prefix = _PREFIX_NO_BARE_KAF if kaf_collides(stem) else _PREFIX
        core = rf"{prefix}(?:ال|لل)?{body(stem)}"
    return core + (r"\w*" if suffixed else r"(?!\w)")


@lru_cache(maxsize=1)
def _kaf_words() -> tuple[str, ...]:
    """The common words of news (data/common_words.txt, normalised) that open on «ك»."""
    lines = (DATA_DIR / "common_words.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.startswith("ك"))


def kaf_collides(word: str) -> bool:
    """Whether «ك» + ``word`` (normalised) opens a common word of its own («كامل»، «كان»):
    there «ك» is not read as the clitic "like"."""
    joined = "ك" + word
    return any(common.startswith(joined) for common in _kaf_words())


def _tied_feminine(stem: str, exact: bool) -> bool:
    """Whether a word as written ends in ة (not a pronoun ه: عليه) and may take a suffix."""
    return not exact and stem.endswith("ة") and len(stem) > 3


def word_literal(stem: str, exact: bool = False) -> str:
    """The text every match of ``word_regex(stem, exact)`` contains: the normalised stem,
    without an article (its لل form drops the ا), nor a final ة that may be written ت."""
    tied = _tied_feminine(stem, exact)
    stem = normalise_plain(stem)
    literal = stem[2:] if stem.startswith("ال") and len(stem) > 2 else stem
    return literal[:-1] if tied else literal


# Literals of a pattern element: every match of it contains at least one of these strings.
# {""} says nothing (an empty alternative matches anywhere).
Literals = frozenset[str]
NO_LITERALS: Literals = frozenset({""})


def _alternative_literal(alternative: str, macro_literals: Mapping[str, Literals]) -> Literals:
    if alternative.startswith("{") and alternative.endswith("}"):
        return macro_literals.get(alternative[1:-1], NO_LITERALS)
    words = [word_literal(w.rstrip("="), exact=w.endswith("=")) for w in alternative.split("_") if w]
    return frozenset({max(words, key=len, default="")})  # every word is there: the longest is the rarest


def element_literals(element: str, macro_literals: Mapping[str, Literals]) -> Literals:
    """Strings one of which stands in every match of ``element_regex(element)``."""
    return frozenset().union(*(_alternative_literal(a, macro_literals) for a in element.split("|") if a)) or NO_LITERALS


def pattern_literals(pattern: str, macro_literals: Mapping[str, Literals]) -> tuple[Literals, ...]:
    """One literal set per required element of ``pattern`` (optional words and gaps aside),
    rarest first: a text lacking every string of any one set cannot match the pattern, so a
    cue is skipped with a few substring tests instead of a regex search."""
    required = [element_literals(token, macro_literals) for token in pattern.split()
                if token not in GAPS and not (token.endswith("?") and len(token) > 1)]
    return tuple(sorted((lits for lits in required if "" not in lits), key=lambda lits: (-min(map(len, lits)), len(lits))))


def _best_literals(pattern: str, macro_literals: Mapping[str, Literals]) -> Literals:
    """The one literal set of a macro's pattern that says most (NO_LITERALS if none)."""
    return next(iter(pattern_literals(pattern, macro_literals)), NO_LITERALS)


def _alternative_regex(alternative: str, macros: dict[str, str]) -> str:
    """One '|' alternative: a macro, or words joined by '_' (adjacent)."""
    if alternative.startswith("{") and alternative.endswith("}"):
        name = alternative[1:-1]
        if name not in macros:
            raise LexiconError(f"unknown macro {{{name}}}")
        return macros[name]
    words = [w for w in alternative.split("_") if w]
    parts = []
    for word in words:
        exact = word.endswith("=")
        parts.append(word_regex(word.rstrip("="), exact=exact))
    return SEP.join(parts)


def element_regex(element: str, macros: dict[str, str]) -> str:
    """A pattern element: alternatives separated by '|'."""
    alternatives = [a for a in element.split("|") if a]
    return "(?:" + "|".join(_alternative_regex(a, macros) for a in alternatives) + ")"


def pattern_regex(pattern: str, macros: dict[str, str]) -> str:
    """Compile a cue pattern (see data/cues.tsv) to a regex string.

    An optional word carries its own trailing separator, so whether it is there or not,
    the next word follows with nothing more in between.
    """
    out = ""
    joiner = SEP
    need_joiner = False
    for token in pattern.split():
        if token in GAPS:
            joiner = rf"(?:{SEP}\w+){{0,{GAPS[token]}}}{SEP}"
            continue
        optional = token.endswith("?") and len(token) > 1
        body = element_regex(token[:-1] if optional else token, macros)
        out += joiner if need_joiner else ""
        if optional:
            out += rf"(?:{body}{SEP})?"
            need_joiner = False
        else:
            out += body
            need_joiner = True
        joiner = SEP
    return r"(?<!\w)" + out


def compile_macros(rows: list[dict[str, str]]) -> dict[str, str]:
    """Macro name → regex; macros may use earlier macros."""
    grouped: dict[str, list[str]] = {}
    for row in rows:
        grouped.setdefault(row["name"], []).append(row["pattern"])
    macros: dict[str, str] = {}
    for name, patterns in grouped.items():
        macros[name] = "(?:" + "|".join(pattern_regex(p, macros)[len(r"(?<!\w)"):] for p in patterns) + ")"
    return macros


def compile_macro_literals(rows: list[dict[str, str]]) -> dict[str, Literals]:
    """Macro name → the strings one of which every match of the macro contains."""
    grouped: dict[str, list[str]] = {}
    for row in rows:
        grouped.setdefault(row["name"], []).append(row["pattern"])
    literals: dict[str, Literals] = {}
    for name, patterns in grouped.items():
        literals[name] = frozenset().union(*(_best_literals(p, literals) for p in patterns))
    return literals


def present(literals: Iterable[Literals], text: str) -> bool:
    """Whether every literal set has a member in ``text`` (else nothing they stand for can match)."""
    for lits in literals:  # loops, not all(any(…)): called for every cue of every sentence
        for literal in lits:
            if literal in text:
                break
        else:
            return False
    return True


REGEX_CACHE_ENV = "POSITIONS_REGEX_CACHE"  # a folder, or "off"


def _regex_cache() -> Path | None:
    where = os.environ.get(REGEX_CACHE_ENV)
    if where == "off":
        return None
    return Path(where) if where else Path.home() / ".cache" / "positions" / "regex"


def compile_regex(source: str) -> re.Pattern[str]:
    """``re.compile(source)``, its compiled program kept on disk (``~/.cache/positions/regex``,
    or $POSITIONS_REGEX_CACHE; "off": never). The lexicon's patterns run to thousands of
    characters, and Python compiles them again in every process: 0.3 s of a one-article
    ``extract``, and again in every ingest worker. The program is what ``re.compile``
    builds, keyed by the pattern, Python's version and its regex engine's; it is stored
    only when the pattern made from it equals ``re.compile``'s (``Pattern.__eq__`` compares
    the programs), and anything unexpected (another Python, an unreadable or unwritable
    folder, a damaged file) falls back to ``re.compile``."""
    folder = _regex_cache()
    try:
        import _sre
        from re import _compiler, _parser
    except ImportError:  # pragma: no cover - another Python implementation
        folder = None
    if folder is None:
        return re.compile(source)
    key = hashlib.sha256(f"{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}\0{source}".encode()).hexdigest()[:40]
    path = folder / f"{key}.marshal"
    try:
        flags, code, groups, groupindex, indexgroup = marshal.loads(path.read_bytes())
        return _sre.compile(source, flags, code, groups, groupindex, indexgroup)
    except Exception:  # noqa: BLE001, S110 - no usable program on disk: compile
        pass
    compiled = re.compile(source)
    try:
        parsed = _parser.parse(source, 0)
        code = [int(op) for op in _compiler._code(parsed, 0)]  # opcodes are an int subclass marshal refuses
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        program = (parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        if _sre.compile(source, *program) == compiled:
            folder.mkdir(parents=True, exist_ok=True)
            temporary = folder / f".{key}.{os.getpid()}.tmp"
            temporary.write_bytes(marshal.dumps(program))
            os.replace(temporary, path)  # whole or not at all, whoever writes it beside
    except Exception:  # noqa: BLE001, S110 - the cache is an optimisation only
        pass
    return compiled


class LazyPatterns(Mapping[str, re.Pattern[str]]):
    """Name → compiled regex, each compiled on first use: most documents never need most of
    them, and compiling them all costs more than extracting a short article."""

    def __init__(self, sources: Mapping[str, str]) -> None:
        self._sources = dict(sources)
        self._compiled: dict[str, re.Pattern[str]] = {}

    def __getitem__(self, name: str) -> re.Pattern[str]:
        compiled = self._compiled.get(name)
        if compiled is None:
            compiled = self._compiled[name] = compile_regex(self._sources[name])
        return compiled

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


@dataclass(frozen=True)
class Cue:
    """One row of cues.tsv, compiled: ``source`` is its regex (compiled on first use, see
    ``regex``), ``literals`` what a sentence must contain for it to possibly match."""

    topic: str
    code: str
    pattern: str
    weight: int
    if_negated: str
    requires: str
    note: str
    source: str = field(compare=False, repr=False)
    literals: tuple[Literals, ...] = field(default=(), compare=False, repr=False)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern (on first use: a cue whose literals never occur is never compiled)."""
        return compile_regex(self.source)


class CueIndex:
    """Which cues' literal words all stand in a sentence, in ``cues.tsv`` order, from one
    regex scan instead of a substring test per literal of every cue.

    The scan finds, at each position, the longest of the literals cues are first tested on
    (each cue's rarest set); the others standing at that position are its prefixes, so each
    literal found opens every cue whose first set holds one of its prefixes: exactly the cues
    whose first set ``present`` would accept. Their other sets are then tested as before.
    """

    def __init__(self, cues: list[Cue]) -> None:
        self._cues = cues
        self._always = tuple(i for i, cue in enumerate(cues) if not cue.literals)  # nothing to test: always tried
        by_literal: dict[str, set[int]] = {}
        for index, cue in enumerate(cues):
            for literal in cue.literals[0] if cue.literals else ():
                by_literal.setdefault(literal, set()).add(index)
        self._opened = {literal: tuple(sorted(set().union(*(by_literal.get(literal[:k], ()) for k in range(1, len(literal) + 1)))))
                        for literal in by_literal}
        self._scan = compile_regex("(?=(" + trie_regex(sorted(by_literal)) + "))") if by_literal else None

    def cues_in(self, text: str) -> list[Cue]:
        """The cues ``present(cue.literals, text)`` holds for, in order."""
        candidates = set(self._always)
        if self._scan is not None:
            for literal in set(self._scan.findall(text)):
                candidates.update(self._opened[literal])
        return [cue for cue in (self._cues[i] for i in sorted(candidates)) if present(cue.literals[1:], text)]


@dataclass(frozen=True)
class SpeakerEntry:
    """A named speaker of speakers.tsv."""

    canonical: str
    country: str
    kind: str
    role: str
    surface: str
    gender: str = ""


def _stem(imperfect: str) -> str:
    """The imperfect without its person prefix (يقول → قول), for conjugating other persons."""
    return imperfect[1:] if imperfect[0] in "يت" else imperfect


def finite_forms(row: dict[str, str]) -> set[str]:
    """The conjugated forms of a verb: past + ت/وا/ا/تا/نا, imperfect in every person with
    ون/ان/ين/وا, future س (not its participles or masdars)."""
    past = normalise_plain(row["past"])
    imperfect = normalise_plain(row["imperfect"])
    forms: set[str] = set()
    if past:
        forms |= {past + end for end in ("", "ت", "وا", "ا", "تا", "نا")}
    if imperfect:
        for person in "يتنا":
            base = person + _stem(imperfect)
            forms |= {base + end for end in ("", "ون", "ان", "ين", "وا")} | {"س" + base}
    return forms


def verb_forms(row: dict[str, str]) -> set[str]:
    """Inflected forms of one verbs.tsv row (normalised), without clitics."""
    participle = normalise_plain(row["participle"])
    masdar = normalise_plain(row["masdar"])
    forms = finite_forms(row)
    if participle:
        forms |= {participle + "ا", participle + "ه", participle + "ين", participle + "تين"}
    if masdar:
        forms |= {masdar + p for p in _PRONOUNS if p not in ("نا", "ي")}
        if masdar.endswith("ه"):
            forms |= {masdar[:-1] + "ت" + p for p in _PRONOUNS}
    for extra in row["extra"].split("|"):
        if extra.strip():
            forms.add(normalise_plain(extra.strip()))
    return {form for form in forms if len(form) >= 3}


MENTION_MEMORY = 4096  # (macro, text) answers kept; a few documents' sentences


@dataclass
class Lexicon:
    """Every compiled data file the extractor needs."""

    codebook: dict
    macros: dict[str, str]
    cues: list[Cue]
    speakers: dict[str, SpeakerEntry]
    speaker_regex: re.Pattern[str]
    title_regex: re.Pattern[str]
    nationality: dict[str, str]
    verb_regex: re.Pattern[str]
    verb_kind: dict[str, str]
    first_person: frozenset[str]
    first_singular: frozenset[str]
    finite_verbs: frozenset[str]
    masculine_verbs: frozenset[str]
    feminine_verbs: frozenset[str]
    plural_verbs: frozenset[str]
    negative_verbs: frozenset[str]
    continuation_regex: re.Pattern[str]
    negator_regex: re.Pattern[str]
    hedge_regex: re.Pattern[str]
    condition_regex: re.Pattern[str]  # the conditional markers that set a condition by themselves
    weakener_regex: re.Pattern[str]
    fillers: frozenset[str]
    former: frozenset[str]
    syria_stems: tuple[str, ...]  # a document holding none of these names nothing Syrian
    events: list[dict[str, str]]
    requires: Mapping[str, re.Pattern[str]]
    # a title in construct right before a state's name ("وزير خارجية فرنسا"), anchored at
    # the end of the text it is searched in (the words before the state's name)
    construct_title_regex: re.Pattern[str]
    # obstruction words (obstructions.tsv): a negation before one bears on it, not on what follows
    obstruction_regex: re.Pattern[str]
    macro_literals: Mapping[str, Literals] = field(default_factory=dict)
    titles: tuple[str, ...] = ()  # titles.tsv's variants, normalised: what title_regex is made of
    position_nouns: tuple[str, ...] = ()  # position_nouns.tsv, normalised: "موقف روسيا"، "تأكيد لافروف"
    _mentioned: dict[tuple[str, str], bool] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def cue_index(self) -> CueIndex:
        """The cues whose literal words stand in a sentence (built on first use)."""
        return CueIndex(self.cues)

    @cached_property
    def speaker_gate(self) -> WordGate:
        """Where ``speaker_regex`` may match: a clitic and a name's first word (glued or not)."""
        firsts = {name.split(" ")[0] for name in self.speakers}
        return WordGate(self.speaker_regex, combined(("", "و", "ف"), ("", "ب", "ل"), firsts), glued=True)

    @cached_property
    def joined_nationality_words(self) -> frozenset[str]:
        """A nationality adjective behind و ("والأمريكي"): no such word, no coordinated title."""
        return frozenset("و" + word for word in self.nationality_words)

    @cached_property
    def nationality_regex(self) -> re.Pattern[str]:
        """A nationality adjective ("الفرنسي", "الروسية") where it is matched."""
        return compile_regex(rf"(?:ال)?(?P<nat>{_nationality_body(self.nationality)})(?:ه|ين|ون)?(?!\w)")

    @cached_property
    def coordinated_nationality_regex(self) -> re.Pattern[str]:
        """Another nationality adjective joined by و to a title's ("الوزيران الروسي والأمريكي"),
        matched where the title's adjective ends."""
        return compile_regex(_joined_nationality(self.nationality))

    @cached_property
    def dual_title_regex(self) -> re.Pattern[str]:
        """A title in the construct dual ("وزيرا الخارجية الروسي والأمريكي"), only with a second
        adjective joined to its own: alone, a title in ا is as often an accusative ("انتخابه
        رئيسا"), which ``title_regex`` leaves out."""
        # the first official's name may stand between: "وزيرا الخارجية الروسي سيرغي لافروف والأمريكي جون كيري"
        return _title_regex(self.titles, self.nationality, ending="ا",
                            after=rf"(?=(?:\s+\w+){{0,3}}?{_joined_nationality(self.nationality, named=False)})")

    @cached_property
    def verb_gate(self) -> WordGate:
        """Where ``verb_regex`` may match: a whole word of verb form and object pronoun, after
        a clitic of at most two letters (وف, ل): the letters of ``verb_regex``'s ``[وف]?ل?``."""
        return WordGate(self.verb_regex, combined(self.verb_kind, ("", "ه", "ها", "هم", "هما")), clitics="وفل")

    @cached_property
    def position_noun_regex(self) -> re.Pattern[str]:
        """A position noun as a whole word (clitics, article, the noun, a pronoun) and the
        spaces after it, where its holder begins."""
        body = trie_regex(self.position_nouns)
        return compile_regex(rf"(?<!\w)[وف]?[بلك]?(?:ال)?(?:{body})(?:ه|ها|هم)?(?!\w)\W*")

    @cached_property
    def position_noun_gate(self) -> WordGate:
        """Where ``position_noun_regex`` may match: exactly the words it is made of."""
        return WordGate(self.position_noun_regex, combined(("", "و", "ف"), ("", "ب", "ل", "ك"), ("", "ال"),
                                                           self.position_nouns, ("", "ه", "ها", "هم")))

    @cached_property
    def title_gate(self) -> WordGate | None:
        """Where ``title_regex`` may match (a clitic, article, title's first word, ending),
        None when a title is not plain words and the regex is not built as this assumes."""
        if not self.titles or not all(_PLAIN_WORDS.fullmatch(title) for title in self.titles):
            return None
        firsts = {title.split(" ")[0] for title in self.titles}
        return WordGate(self.title_regex, combined(("", "و", "ف"), ("", "ب", "ل"), ("", "ال"), firsts,
                                                   ("", "ه", "ون", "ين", "ان")))

    @cached_property
    def nationality_words(self) -> frozenset[str]:
        """The words a title's nationality adjective can be: no such word, no title match."""
        return frozenset(combined(("", "ال"), self.nationality, ("", "ه", "ين", "ون", "ان", "تان", "تين")))

    def score(self, code: str) -> int:
        """The codebook score of a stance code."""
        return int(self.codebook["stances"][code]["score"])

    def mentions(self, macro: str, text: str) -> bool:
        """Whether the phrase set ``macro`` occurs in the normalised ``text``. Remembered per
        text: a sentence is asked about again as the context of the next one, and every cue
        requiring the macro asks the same question."""
        key = (macro, text)
        found = self._mentioned.get(key)
        if found is None:
            found = (present((self.macro_literals[macro],), text) if macro in self.macro_literals else True) \
                and self.requires[macro].search(text) is not None
            if len(self._mentioned) >= MENTION_MEMORY:
                self._mentioned.clear()
            self._mentioned[key] = found
        return found

    def file_terms(self, text: str, speakers: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, bool]]:
        """The names of another file (Yemen, Iraq, the nuclear talks …) and of Syria in a
        sentence, in order: (start, end, another file?); empty unless it names another file
        outside the ``speakers``' own mentions (a state that speaks, «العراق يدعم الحل», is
        not the file talked about)."""
        if not self.mentions("OTHER_FILES", text):
            return []
        others = [(m.start(), m.end(), True) for m in self.requires["OTHER_FILES"].finditer(text)
                  if not any(a < m.end() and m.start() < b for a, b in speakers)]
        if not others:
            return []
        syria = [(m.start(), m.end(), False) for m in self.requires["SYRIA"].finditer(text)] if self.mentions("SYRIA", text) else []
        return sorted(others + syria)


def about_another_file(terms: list[tuple[int, int, bool]]) -> bool:
    """A sentence whose file names (``Lexicon.file_terms``) are all of another file: it talks
    about none of the three topics, whatever its words."""
    return bool(terms) and all(other for _, _, other in terms)


CLAUSE_END = re.compile(r"[،,؛;.:!?؟]")  # a mark that ends a clause inside a sentence
FILE_REACH = 40  # characters after a phrase in which the file it is about may be named


def of_another_file(terms: list[tuple[int, int, bool]], start: int, end: int, text: str) -> bool:
    """Whether the phrase at ``start``–``end`` of a sentence naming Syria and another file
    (``Lexicon.file_terms``) is about the other one: the file named right after it in its
    clause decides («تدعم الحل السياسي للأزمة السورية»، «الحكومة الشرعية في اليمن»), else
    the last one named before it («… ثم انتقل إلى الملف اليمني فأيد الرئيس الشرعي»). A
    Syria term inside the phrase («تدعم الأسد»), or coordinated with the deciding one («في
    سوريا والعراق»، «حول اليمن وسوريا»), keeps it Syria's."""
    if not terms or any(start <= a < end and not other for a, _, other in terms):
        return False
    clause = CLAUSE_END.search(text, end)
    limit = min(end + FILE_REACH, clause.start() if clause else len(text))
    index = next((i for i, (a, _, _) in enumerate(terms) if end <= a < limit), None)
    if index is None:
        index = max((i for i, (_, b, _) in enumerate(terms) if b <= start), default=None)
    if index is None or not terms[index][2]:
        return False
    return not any(0 <= j < len(terms) and not terms[j][2] and _coordinated(text, terms[min(index, j)], terms[max(index, j)])
                   for j in (index - 1, index + 1))


_COORDINATION = re.compile(r"[\s،,]*(?:و[\s]*)?")


def _coordinated(text: str, first: tuple[int, int, bool], second: tuple[int, int, bool]) -> bool:
    """Two file names joined by «و» or a comma and nothing else («سوريا والعراق»)."""
    return _COORDINATION.fullmatch(text, first[1], second[0]) is not None


_ABD_SPACED = re.compile(r"(?<!\w)عبد (?=ال)")
_ABD_GLUED = re.compile(r"(?<!\w)عبدال(?=\w)")


def _speaker_index(rows: list[dict[str, str]]) -> tuple[dict[str, SpeakerEntry], re.Pattern[str]]:
    index: dict[str, SpeakerEntry] = {}
    for row in rows:
        for variant in row["variants"].split("|"):
            surface = normalise_plain(variant.strip())
            surface = " ".join(re.findall(r"\w+", surface))
            # "عبد العزيز" is also written "عبدالعزيز", and "عبداللهيان" "عبد اللهيان"
            for spelling in dict.fromkeys((surface, _ABD_SPACED.sub("عبد", surface), _ABD_GLUED.sub("عبد ال", surface))):
                if spelling and spelling not in index:
                    index[spelling] = SpeakerEntry(row["canonical"], row["country"], row["kind"], row["role"], spelling,
                                                   row["gender"].strip())
    # "المملكةالعربية السعودية": scraped copy glues a word ending in ة to the next article
    body = trie_regex(index).replace(r"\ ", r"(?:[^\w]+|(?<=ه)(?=ال))")
    regex = compile_regex(rf"(?<!\w)(?:[وف]?[بل]?)(?P<name>{body})(?!\w)")
    return index, regex


def _nationality_index(rows: list[dict[str, str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for row in rows:
        for variant in row["stem"].split("|"):
            index[normalise_plain(variant.strip())] = row["country"]
    return index


_PLAIN_WORDS = re.compile(r"\w+(?: \w+)*")


def _titles(rows: list[dict[str, str]]) -> tuple[str, ...]:
    """Every title variant, normalised, longest first."""
    return tuple(sorted({normalise_plain(v.strip()) for row in rows for v in row["variants"].split("|")}, key=len, reverse=True))


_NAT_ENDINGS = "(?:ه|ين|ون|ان|تان|تين)?"


def _nationality_body(nationality: Mapping[str, str]) -> str:
    return "|".join(re.escape(n) for n in sorted(nationality, key=len, reverse=True))


def _joined_nationality(nationality: Mapping[str, str], named: bool = True) -> str:
    """The pattern of a nationality adjective joined by و ("والأمريكي"); ``named``: its word
    and adjective as the groups ``word`` and ``nat`` (not inside another pattern's lookahead)."""
    word, nat = ("(?P<word>", "(?P<nat>") if named else ("(?:", "(?:")
    return rf"\s+و{word}(?:ال)?{nat}{_nationality_body(nationality)}){_NAT_ENDINGS})(?!\w)"


def _title_regex(titles: tuple[str, ...], nationality: dict[str, str], ending: str = "(?:ه|ون|ين|ان)?",
                 after: str = "") -> re.Pattern[str]:
    """A title, its ``ending``, up to five words and its nationality adjective; ``after``: what
    must follow (a lookahead)."""
    if all(_PLAIN_WORDS.fullmatch(t) for t in titles):
        # a trie, 3x faster to scan: when two titles can match at one place one is a prefix
        # of the other, and the trie tries the longer first, as the alternation by length does
        title_body = trie_regex(titles).replace(r"\ ", SEP)
    else:
        title_body = "|".join(re.escape(t).replace(r"\ ", SEP) for t in titles)
    return compile_regex(
        rf"(?<!\w)[وف]?[بل]?(?P<title>(?:ال)?(?:{title_body})){ending}(?!\w)"
        rf"(?P<middle>(?:{SEP}(?!(?:ان|أن|إن|الي|علي|عن|مع)\b)\w+){{0,5}}?){SEP}"
        rf"(?:ال)?(?P<nat>{_nationality_body(nationality)}){_NAT_ENDINGS}(?!\w){after}"
    )


def _construct_title_regex(titles: tuple[str, ...], constructs: list[str]) -> re.Pattern[str]:
    """Titles without the article (a construct's head has none), optionally followed by an
    office word, ending where a state's name begins."""
    heads = trie_regex(t for t in titles if not t.startswith("ال")).replace(r"\ ", SEP)
    middle = trie_regex(normalise_plain(c) for c in constructs).replace(r"\ ", SEP)
    return compile_regex(rf"(?<!\w)[وف]?[بل]?(?P<title>(?:{heads})(?P<dual>ا)?(?:{SEP}(?:{middle}))?){SEP}$")


def _obstruction_regex(words: list[str]) -> re.Pattern[str]:
    """An obstruction word of obstructions.tsv with its clitics, article and any ending."""
    return compile_regex(r"(?<!\w)[وف]?[بل]?(?:ال)?(?:" + trie_regex(normalise_plain(w) for w in words) + r")\w*")


def first_person_forms(row: dict[str, str]) -> set[str]:
    """نقول، أقول، قلنا …: forms whose subject is the speaker himself, never a named third party."""
    imperfect = normalise_plain(row["imperfect"])
    past = normalise_plain(row["past"])
    forms: set[str] = set()
    if imperfect:
        stem = _stem(imperfect)
        forms |= {"ن" + stem, "ا" + stem, "سن" + stem}
    if past:
        forms.add(past + "نا")
    return forms


def agreement_forms(row: dict[str, str]) -> tuple[set[str], set[str]]:
    """(masculine singular forms, forms whose ending already holds a dual or plural subject).

    "يدعو"/"دعا" cannot have a feminine subject after it; "طالبا"/"يؤكدون" have theirs in
    the verb, so a named speaker after them is an object.
    """
    past = normalise_plain(row["past"])
    imperfect = normalise_plain(row["imperfect"])
    masculine: set[str] = {past} if past else set()
    plural: set[str] = {past + "وا", past + "ا", past + "تا"} if past and not past.endswith("ا") else set()
    if imperfect:
        stem = _stem(imperfect)
        masculine |= {"ي" + stem, "سي" + stem}
        plural |= {p + stem + end for p in "يت" for end in ("ون", "ان", "وا")}
    return masculine, plural


def feminine_forms(row: dict[str, str]) -> set[str]:
    """The third person feminine singular forms (قالت، تؤكد، ستؤكد): a man after one of them
    is its object, not its subject."""
    past = normalise_plain(row["past"])
    imperfect = normalise_plain(row["imperfect"])
    forms: set[str] = {past + "ت"} if past and not past.endswith("ا") else set()
    if imperfect:
        stem = _stem(imperfect)
        forms |= {"ت" + stem, "ست" + stem}
    return forms


def participle_forms(row: dict[str, str]) -> set[str]:
    """The circumstantial participles of a verb (مؤكدا، مؤكدة، مشيرين …): they never take a
    subject of their own, they continue the clause's subject."""
    participle = normalise_plain(row["participle"])
    forms = {participle + "ا", participle + "ه", participle + "ين", participle + "تين"} if participle else set()
    forms |= {normalise_plain(e) for e in row["extra"].split("|") if normalise_plain(e).endswith(("ا", "ه")) and
              normalise_plain(e).startswith("م")}
    return forms


def _verb_index(rows: list[dict[str, str]], stop: set[str]) -> tuple[re.Pattern[str], dict[str, str], frozenset[str]]:
    kinds: dict[str, str] = {}
    negative: set[str] = set()
    for row in rows:
        forms = verb_forms(row) - stop
        participles = participle_forms(row) & forms
        for form in forms:
            kind = "position" if row["kind"] == "negative" else row["kind"]
            kinds.setdefault(form, "participle" if form in participles else kind)
        if row["kind"] == "negative":
            negative |= forms
    regex = compile_regex(rf"(?<!\w)(?P<clitic>[وف]?ل?)(?P<verb>{trie_regex(kinds)})(?P<obj>ه|ها|هم|هما)?(?!\w)")
    return regex, kinds, frozenset(negative)


def _word_list_regex(words: list[str]) -> re.Pattern[str]:
    parts = []
    for word in words:
        exact = word.endswith("=")
        parts.append(re.escape(normalise_plain(word.rstrip("="))) + (r"(?!\w)" if exact else r"\w*"))
    return re.compile(r"(?<!\w)[وف]?(?:" + "|".join(parts) + ")")


@lru_cache(maxsize=4)
def affirming_idioms(data_dir: str = str(DATA_DIR)) -> frozenset[str]:
    """The words after which a negator makes an idiom that affirms ("لا تزال تدعم"، "لا بد
    من"، "ما دام": data/affirming_negations.tsv), normalised."""
    return frozenset(normalise_plain(row["word"]) for row in read_tsv("affirming_negations.tsv", Path(data_dir)))


def _negator_regex(negators: list[str], affirming: frozenset[str]) -> re.Pattern[str]:
    """The negators, each as a whole word, not where the next word is one of ``affirming``."""
    words = _word_list_regex([n if n.endswith("=") else n + "=" for n in negators]).pattern
    idioms = "|".join(map(re.escape, sorted(affirming)))
    return re.compile(words + (rf"(?!\s+[وف]?(?:{idioms})(?!\w))" if idioms else ""))


def _shortest_substrings(strings: Iterable[str]) -> tuple[str, ...]:
    """The strings none of the others is part of, sorted: a text holds one of ``strings``
    exactly when it holds one of these ("سوريا", "سوريين" … add nothing to "سوري"), and
    the Syria gate tests every document with each."""
    unique = set(strings)
    return tuple(sorted(s for s in unique if not any(other != s and other in s for other in unique)))


@lru_cache(maxsize=4)
def load_codebook(data_dir: str = str(DATA_DIR)) -> dict:
    """The codebook alone (codes, scores, countries), without compiling the lexicon."""
    return json.loads((Path(data_dir) / "codebook.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def load_lexicon(data_dir: str = str(DATA_DIR)) -> Lexicon:
    """Build the lexicon from the data files (cached: it is read-only)."""
    directory = Path(data_dir)
    codebook = load_codebook(data_dir)
    macro_rows = read_tsv("macros.tsv", directory)
    macros = compile_macros(macro_rows)
    macro_literals = compile_macro_literals(macro_rows)
    syria_terms = [normalise_plain(t) for t in codebook["syria_terms"]]
    other_files = [normalise_plain(t) for t in codebook["other_files"]]
    macros["SYRIA"] = "(?:" + "|".join(word_regex(t) for t in syria_terms) + ")"
    macros["OTHER_FILES"] = "(?:" + "|".join(word_regex(t) for t in other_files) + ")"
    macro_literals["SYRIA"] = frozenset(word_literal(t) for t in syria_terms)
    macro_literals["OTHER_FILES"] = frozenset(word_literal(t) for t in other_files)
    topic_requires = codebook.get("topic_requires", {})
    cues = []
    for number, row in enumerate(read_tsv("cues.tsv", directory), start=2):
        if row["code"] not in codebook["stances"]:
            raise LexiconError(f"cues.tsv row {number}: unknown code {row['code']!r}")
        try:
            source = pattern_regex(row["pattern"], macros)
        except LexiconError as error:
            raise LexiconError(f"cues.tsv row {number}: {error}") from error
        requires = row["requires"].strip() or topic_requires.get(row["topic"], "")
        if requires and requires not in macros:
            raise LexiconError(f"cues.tsv row {number}: unknown macro {requires!r} in requires")
        cues.append(Cue(row["topic"], row["code"], row["pattern"], int(row["weight"]),
                        row["if_negated"].strip() or "-", requires, row["note"], source,
                        pattern_literals(row["pattern"], macro_literals)))
    speakers, speaker_regex = _speaker_index(read_tsv("speakers.tsv", directory))
    nationality = _nationality_index(read_tsv("nationalities.tsv", directory))
    title_rows = read_tsv("titles.tsv", directory)
    titles = _titles(title_rows)
    title_regex = _title_regex(titles, nationality)
    stop = {normalise_plain(r["form"]) for r in read_tsv("nonverbs.tsv", directory)}
    verb_rows = read_tsv("verbs.tsv", directory)
    verb_regex, verb_kind, negative = _verb_index(verb_rows, stop)
    agreement = [agreement_forms(r) for r in verb_rows]
    masculine = frozenset(set().union(*(m for m, _ in agreement)) & set(verb_kind))
    # أقول، نرى … but not the pasts some spell alike (أعلن، اتفق، اعتبر): news reads those as past
    first_person = frozenset(set().union(*(first_person_forms(r) for r in verb_rows)) & set(verb_kind)) - masculine
    continuation = [r["opener"] for r in read_tsv("continuation.tsv", directory)]
    negators = [r["word"] for r in read_tsv("negators.tsv", directory)]
    hedge_rows = read_tsv("hedges.tsv", directory)
    hedge_regex = compile_regex("|".join(pattern_regex(r["pattern"], macros) for r in hedge_rows
                                         if r["effect"] in {"conditional", "condition"}))
    condition_regex = compile_regex("|".join(pattern_regex(r["pattern"], macros) for r in hedge_rows if r["effect"] == "condition"))
    weakener_regex = compile_regex("|".join(
        [pattern_regex(r["pattern"], macros) for r in hedge_rows if r["effect"] == "weaken"]
        + [pattern_regex(r["pattern"], macros) + SEP + IMPERFECT for r in hedge_rows if r["effect"] == "weaken-imperfect"]))
    requires = LazyPatterns({name: r"(?<!\w)" + regex for name, regex in macros.items()})
    return Lexicon(
        codebook=codebook,
        macros=macros,
        cues=cues,
        speakers=speakers,
        speaker_regex=speaker_regex,
        title_regex=title_regex,
        nationality=nationality,
        verb_regex=verb_regex,
        verb_kind=verb_kind,
        first_person=first_person,
        # أقول، أرى: the imperfect's first singular; "أكدنا، اتفقنا" (past + نا) speak for a group
        first_singular=frozenset(f for f in first_person if f.startswith("ا") and not f.endswith("نا")),
        masculine_verbs=masculine,
        feminine_verbs=frozenset(set().union(*(feminine_forms(r) for r in verb_rows)) & set(verb_kind)) - masculine,
        finite_verbs=frozenset(set().union(*(finite_forms(r) for r in verb_rows)) & set(verb_kind)),
        plural_verbs=frozenset(set().union(*(p for _, p in agreement)) & set(verb_kind)),
        negative_verbs=negative,
        continuation_regex=_word_list_regex([c + "=" for c in continuation]),
        negator_regex=_negator_regex(negators, affirming_idioms(str(directory))),
        hedge_regex=hedge_regex,
        condition_regex=condition_regex,
        weakener_regex=weakener_regex,
        former=frozenset(normalise_plain(r["word"]) for r in read_tsv("former.tsv", directory)),
        fillers=frozenset(
            {normalise_plain(r["word"]) for r in read_tsv("fillers.tsv", directory)}
            | {normalise_plain(w) + ending for r in title_rows for v in r["variants"].split("|")
               for w in v.split() for ending in ("", "ه")}),  # مندوب، مندوبة
        syria_stems=_shortest_substrings({t[2:] if t.startswith("ال") else t for t in syria_terms}),
        events=read_tsv("events.tsv", directory),
        requires=requires,
        macro_literals=macro_literals,
        titles=titles,
        position_nouns=tuple(sorted({normalise_plain(r["noun"]) for r in read_tsv("position_nouns.tsv", directory)})),
        obstruction_regex=_obstruction_regex([r["word"] for r in read_tsv("obstructions.tsv", directory)]),
        construct_title_regex=_construct_title_regex(titles, [r["word"] for r in read_tsv("construct_titles.tsv", directory)]),
    )
