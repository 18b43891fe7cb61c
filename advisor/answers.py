"""Composing plain-text answers from a profile, precise to what was asked.

Every figure comes from the profile; anything computed from it (monthly pay, gaps, a comparison with
a figure the user gives) says "derived" and shows the sum, so nobody mistakes it for a published figure.
"""

from __future__ import annotations

import math
from functools import lru_cache

from advisor.intents import BASE_LEVEL, IntentSet
from advisor.knowledge import Profile
from advisor.matcher import PER_YEAR, Match
from advisor.text import clean, raw_tokens, stem

ASKED_SKILLS = 2
"""At most this many skills get their reason spelled out because the question used one of their words."""
WORD_ROOT = 6
"""Words are compared on this many first letters, so "communicating" finds "communication"."""
_VARIES = frozenset({"same", "differ", "vari", "vary", "every", "everi", "standa", "chang", "hospit"})
"""Word roots of a question asking whether requirements are the same everywhere."""
_COMMON = frozenset({"with", "that", "this", "many", "kind", "keep", "they", "them", "their", "your", "about", "skill", "need"})

TOPIC_ORDER = ("salary", "education", "skills", "responsibilities", "pros_cons", "getting_started", "outlook", "overview")


def money(value: float) -> str:
    """Dollars as people write them: $123,558; cents only when they matter ($42.50). Halves round up ($10,296.50 -> $10,297)."""
    whole = math.floor(value + 0.5)
    if abs(value - whole) < 0.005 or value >= 1000:
        return f"${whole:,}"
    return f"${math.floor(value * 100 + 0.5) / 100:,.2f}"


def source_line(profile: Profile) -> str:
    updated = profile.source.updated
    return f"Source: {profile.source.publisher}, \u201c{profile.source.title}\u201d, updated {updated:%B} {updated.day}, {updated.year}."


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _shares_a_word(tokens: tuple[str, ...], text: str) -> bool:
    """Whether a question ("who would I work alongside?") uses a telling word of `text` ("to work with physicians, ...")."""
    return bool({token[:WORD_ROOT] for token in tokens} & _telling_roots(text))  # "communicating" and "communication" share a root


@lru_cache(maxsize=256)
def _telling_roots(text: str) -> frozenset[str]:
    """The roots of a profile text's telling words, worked out once per text (the profile does not change)."""
    return frozenset(word[:WORD_ROOT] for word in (stem(token) for token in raw_tokens(clean(text))) if len(word) > 3 and word not in _COMMON)


def _capitalised(text: str) -> str:
    """A fact as the profile words it, made to open a sentence ("some directors ..." -> "Some directors ...")."""
    return text[:1].upper() + text[1:]


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {_capitalised(item)}" for item in items)


_PERIODS = {"hourly": ("an hour", "2,080 working hours"), "weekly": ("a week", "52"), "monthly": ("a month", "12")}
"""How a period is said, and how a year's division into it (PER_YEAR) is shown."""
_LEVEL_PHRASES = {
    "starting": "{} a year when you are first promoted into the role (bottom tenth percentile)",
    "median": "the median of {} a year",
    "senior": "upwards of {} base later in the career, in larger multi-site healthcare organizations",
    "total": "{} a year with bonuses and benefits",
}


def _per_period(yearly: float, period: str) -> str:
    """" That is about $7,367 a month (derived: $88,408 ÷ 12)." for a yearly figure asked per month, week or hour."""
    if period not in _PERIODS:
        return ""
    unit, shown = _PERIODS[period]
    return f" That comes to about {money(yearly / PER_YEAR[period])} {unit} (derived: {money(yearly)} \u00f7 {shown})."


def _share(part: float, whole: float) -> str:
    """"41.2%": how much `part` adds to `whole`, for "by what percentage ..." questions."""
    return f"{100 * part / whole:.1f}%"


def _compared_levels(levels: tuple[str, ...], gap: bool) -> tuple[str, str] | None:
    """The two pay levels a question compares, or None when it asks for one figure.

    Starting and later-career pay are the ends of the range: named together (or a bare "how big is the
    range") they are compared with each other; one of them alone is compared with the median, or with
    total pay if only that is named. Without either end, total pay gets its own answer, which already
    gives its difference from the median. "Base" only qualifies a named level ("a starting director's base").
    """
    ends = [level for level in levels if level in ("starting", "senior")]
    named = set(levels) - {BASE_LEVEL}
    if len(ends) >= 2 or (gap and not named):
        return ("starting", "senior")
    if ends and (gap or named & {"median", "total"}):
        return (ends[0], "median" if "median" in named or "total" not in named else "total")
    return None


_SALARY_FOLLOW_UPS = (
    ("starting", "What is the starting salary?"),
    ("total", "What is the total pay with bonuses and benefits?"),
    ("hourly", "What is the hourly pay?"),
)


class Composer:
    """Turns a resolved match into the text a person reads, for one profile at a time."""

    def __init__(self, spec: IntentSet, profiles: list[Profile]) -> None:
        self.spec = spec
        self.profiles = profiles

    @property
    def careers(self) -> str:
        return _join([profile.title for profile in self.profiles])

    def topic(self, profile: Profile, intent: str, slots: dict[str, str], match: Match | None, expand: bool = False) -> str:
        """The answer to one topic question."""
        compose = getattr(self, f"_{intent}")
        return compose(profile, slots, match, expand)

    def _salary(self, profile: Profile, slots: dict[str, str], match: Match | None, expand: bool) -> str:
        pay = profile.salary
        where = f"in the {pay.country}" if pay.country else ""
        if match and match.amount:
            if match.rate and slots.get("level", "median") == "median":
                return self._compare_rate(profile, *match.rate)
            return self._compare_pay(profile, match.amount, slots.get("level", "median"))
        period = slots.get("period", "")
        compared = _compared_levels(match.levels if match else (), bool(match and match.gap))
        if compared:
            return self._level_gap(profile, compared, period)
        level = slots.get("level", "median")
        if level == "total":
            extra = pay.total_compensation - pay.median_annual
            includes = _join(pay.total_compensation_includes) if pay.total_compensation_includes else "bonuses and benefits"
            return (f"With {includes} added, total pay comes to {money(pay.total_compensation)} a year {where}. "
                    f"That is {money(extra)} ({_share(extra, pay.median_annual)}) more than the median base salary of {money(pay.median_annual)} "
                    f"(derived: {money(pay.total_compensation)} \u2212 {money(pay.median_annual)})."
                    f"{_per_period(pay.total_compensation, period)}")
        if level in ("starting", "senior"):
            return self._level_pay(profile, level, period)
        if period:
            return self._period_pay(profile, period)
        text = (f"The median salary for a {profile.title} {where} is {money(pay.median_annual)} a year: about "
                f"{money(pay.median_hourly)} an hour or {money(pay.median_weekly)} a week. Newly promoted directors (bottom tenth percentile) earn about "
                f"{money(pay.starting)}; later in the career many make a base salary upwards of {money(pay.senior)}. "
                f"With bonuses and benefits, total pay is {money(pay.total_compensation)} a year.")
        if expand:
            text += (f" Per month that is about {money(pay.median_annual / 12)} (derived: {money(pay.median_annual)} \u00f7 12). "
                     f"The higher figures come with experience and with larger multi-site healthcare organizations.")
        return text

    def _period_pay(self, profile: Profile, period: str) -> str:
        pay = profile.salary
        if period == "hourly":
            return f"The median salary of {money(pay.median_annual)} a year equates to a mean hourly wage of {money(pay.median_hourly)} an hour."
        if period == "weekly":
            return f"The median salary of {money(pay.median_annual)} a year equates to {money(pay.median_weekly)} a week."
        if period == "monthly":
            return (f"About {money(pay.median_annual / 12)} a month (derived: the median {money(pay.median_annual)} a year \u00f7 12; "
                    f"the profile gives yearly, weekly and hourly figures only).")
        return f"The median annual salary is {money(pay.median_annual)} a year (about {money(pay.median_hourly)} an hour)."

    def _level_pay(self, profile: Profile, level: str, period: str) -> str:
        pay = profile.salary
        yearly = pay.starting if level == "starting" else pay.senior
        if level == "starting":
            text = f"When you are just promoted into the role you would likely earn about {money(yearly)} a year (the bottom tenth percentile)."
        else:
            text = f"Later in the career, in larger multi-site healthcare organizations, many make a base salary upwards of {money(yearly)} a year."
        text += _per_period(yearly, period)
        return text + f" The median is {money(pay.median_annual)}."

    def _level_gap(self, profile: Profile, compared: tuple[str, str], period: str) -> str:
        """How far apart two pay levels are, lower first: "from starting to the median", "from the median to the top"."""
        pay = profile.salary
        yearly = {"starting": pay.starting, "median": pay.median_annual, "senior": pay.senior, "total": pay.total_compensation}
        low, high = sorted(compared, key=yearly.get)
        gap = yearly[high] - yearly[low]
        text = (f"Pay rises from {_LEVEL_PHRASES[low].format(money(yearly[low]))} to {_LEVEL_PHRASES[high].format(money(yearly[high]))}: "
                f"a gap of {money(gap)}, {_share(gap, yearly[low])} more (derived: {money(yearly[high])} \u2212 {money(yearly[low])}).")
        if period in _PERIODS:
            unit, shown = _PERIODS[period]
            text += f" That gap is about {money(gap / PER_YEAR[period])} {unit} (derived: {money(gap)} \u00f7 {shown})."
        if "median" not in compared:
            text += f" The median is {money(pay.median_annual)}."
        return text

    def _compare_rate(self, profile: Profile, value: float, period: str) -> str:
        """"I get 45 an hour", "I bring in 1,800 a week": against the profile's figure for that period, and over a year."""
        pay = profile.salary
        reference, described = {
            "hourly": (pay.median_hourly, f"the mean hourly wage of {money(pay.median_hourly)} that the profile equates with the median"),
            "weekly": (pay.median_weekly, f"the {money(pay.median_weekly)} a week that the profile equates with the median"),
            "monthly": (pay.median_annual / 12, f"the median's {money(pay.median_annual / 12)} a month"),
        }[period]
        difference = value - reference
        position = "exactly" if abs(difference) < 0.5 else f"{money(abs(difference))} {'above' if difference > 0 else 'below'}"
        unit, shown = _PERIODS[period]
        return (f"{money(value)} {unit} is {position} {described} (derived: {money(value)} \u2212 {money(reference)}). "
                f"Over a year that is about {money(value * PER_YEAR[period])} (derived: {money(value)} \u00d7 {shown}), "
                f"against the median of {money(pay.median_annual)}." + (f" (The monthly median is derived: {money(pay.median_annual)} \u00f7 12.)" if period == "monthly" else ""))

    def _compare_pay(self, profile: Profile, amount: int, level: str) -> str:
        """A stated pay against the figure asked about: the median unless a level is in play ("at that level")."""
        pay = profile.salary
        name, reference = {"starting": ("the starting pay", pay.starting), "senior": ("the later-career base", pay.senior),
                           "total": ("total pay with bonuses and benefits", pay.total_compensation)}.get(level, ("the median", pay.median_annual))
        difference = amount - reference
        if difference == 0:
            position = f"exactly {name}"
        else:
            position = f"{money(abs(difference))} {'above' if difference > 0 else 'below'} {name} of {money(reference)}"
        text = f"{money(amount)} a year is {position} (derived: {money(amount)} \u2212 {money(reference)})"
        if reference != pay.median_annual:
            return f"{text}. The median is {money(pay.median_annual)}."
        band = "below the starting figure" if amount < pay.starting else "above the later-career base" if amount > pay.senior else "within the range from starting to later-career pay"
        return f"{text}, and {band} ({money(pay.starting)} to upwards of {money(pay.senior)})."

    def _overview(self, profile: Profile, slots: dict[str, str], match: Match | None, expand: bool) -> str:
        view = profile.overview
        text = (f"A {profile.title} is {view.role[0].lower()}{view.role[1:]} They report directly to {view.reports_to} "
                f"and oversee {_join(view.oversees)}.")
        if view.also:
            text += f" At times they also {_join(view.also)}."
        if expand and view.summary:
            text += f" {view.summary}"
        return text.replace("..", ".")

    def _responsibilities(self, profile: Profile, slots: dict[str, str], match: Match | None, expand: bool) -> str:
        duties = profile.responsibilities
        text = f"{duties.summary}\nOn a typical day that can include:\n{_bullets(duties.duties)}"
        if expand:
            text += "\nThat is every duty the profile lists."
        return text

    def _skills(self, profile: Profile, slots: dict[str, str], match: Match | None, expand: bool) -> str:
        if expand:
            lines = [f"{skill.name}: {skill.why}" if skill.why else skill.name for skill in profile.skills]
            return "The skills the profile names, and why they matter:\n" + _bullets(lines)
        text = ("The profile names these skills: " + _join([skill.name for skill in profile.skills]) + ". "
                "No two days are the same, so flexibility and quick critical thinking are essential.")
        asked = [skill for skill in profile.skills if match and skill.why and _shares_a_word(match.tokens, skill.name + " " + skill.why)]
        return text + "".join(f" {_capitalised(skill.name)}: {skill.why}." for skill in asked[:ASKED_SKILLS] if "no two days" not in skill.why)

    def _education(self, profile: Profile, slots: dict[str, str], match: Match | None, expand: bool) -> str:
        edu = profile.education
        text = (f"At the bare minimum you need {edu.minimum}, but {edu.typical}: a {_join(edu.degrees)}, or a similar degree, fits best. "
                f"{_capitalised(edu.medical_degree)}.")
        if edu.coursework:
            text += f" Useful classes: {_join(edu.coursework)}."
        if edu.certification:
            text += f" A certification worth considering: {edu.certification}."
        if edu.note and (expand or (match and any(token[:WORD_ROOT] in _VARIES for token in match.tokens))):
            text += f" {edu.note}"  # "do all hospitals ask for the same?": the profile's note that requirements vary
        return text

    def _pros_cons(self, profile: Profile, slots: dict[str, str], match: Match | None, expand: bool) -> str:
        side = "both" if expand else slots.get("side", "both")
        parts = []
        if side in ("pros", "both"):
            parts.append("Pros:\n" + _bullets(profile.pros))
        if side in ("cons", "both"):
            parts.append("Cons:\n" + _bullets(profile.cons))
        return "\n".join(parts)

    def _getting_started(self, profile: Profile, slots: dict[str, str], match: Match | None, expand: bool) -> str:
        start = profile.getting_started
        low, high = start.experience_years[0], start.experience_years[-1]
        text = (f"It won't happen overnight: you need {low} to {high} years of healthcare work experience, usually in entry- and mid-level management roles first. "
                f"Many directors work up from roles such as {_join(start.prior_roles)}.")
        if start.hands_on:
            text += f" While studying, add hands-on learning: {_join(start.hands_on)}."
        if start.residency:
            text += f" Note that {start.residency}."
        if start.certification:
            text += f" {_capitalised(start.certification)}."
        if expand and start.note:
            text += f" In short: {start.note}."
        return text

    def _outlook(self, profile: Profile, slots: dict[str, str], match: Match | None, expand: bool) -> str:
        view = profile.outlook
        text = (f"Prospects are favorable: according to the {view.growth_source}, {view.growth_subject} is poised to grow by "
                f"{view.growth_percent:g} percent before {view.growth_by}. Openings are in {_join(view.employers)}.")
        if view.drivers:
            text += f" Demand is driven by {_join(view.drivers)}."
        if view.competition:
            text += f" That said, {view.competition}."
        if expand:
            text += f" Note that the {view.growth_percent:g} percent figure is for {view.growth_subject} in general, not this title alone."
        return text

    def suggestions(self, profile: Profile, asked: tuple[str, ...], slots: dict[str, str], first: str = "") -> tuple[str, ...]:
        """Two or three natural next questions, never the one just answered; `first` (a topic we guessed) leads.

        Each one must make sense on its own: a button may be pressed long after, in a fresh conversation.
        """
        picks: list[str] = [self.spec.intents[first].question] if first else []
        if "salary" in asked:
            asked_for = {slots.get("level"), slots.get("period")}
            picks += [question for key, question in _SALARY_FOLLOW_UPS if key not in asked_for][:2]
        if "pros_cons" in asked:
            picks += {"pros": ["What are the downsides of the job?"], "cons": ["What are the upsides of the job?"]}.get(slots.get("side", "both"), [])
        for topic in TOPIC_ORDER:
            if len(picks) >= 3:
                break
            if topic not in asked and topic != first:
                picks.append(self.spec.intents[topic].question)
        return tuple(picks[:3])
