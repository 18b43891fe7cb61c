"""The career profiles in `knowledge/`: one YAML file per career, loaded into typed dataclasses.

Figures are kept exactly as the source publishes them; anything computed from them (monthly pay,
gaps) is derived in `answers.py` and labelled as derived there, so the files stay a faithful copy.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from advisor.datafile import DataError, build, data_files, positive, read_yaml, required_list


@dataclass(eq=False)
class Source:
    publisher: str
    title: str
    updated: datetime.date
    author: str = ""


@dataclass(eq=False)
class Overview:
    role: str
    reports_to: str
    oversees: list[str] = required_list()
    also: list[str] = field(default_factory=list)
    summary: str = ""


@dataclass(eq=False)
class Salary:
    currency: str
    country: str
    median_annual: int = positive()
    median_hourly: int = positive()
    median_weekly: int = positive()
    total_compensation: int = positive()
    starting: int = positive()
    senior: int = positive()
    total_compensation_includes: list[str] = field(default_factory=list)
    starting_note: str = ""
    senior_note: str = ""
    source_note: str = ""


@dataclass(eq=False)
class Responsibilities:
    summary: str
    duties: list[str] = required_list()


@dataclass(eq=False)
class Skill:
    name: str
    why: str = ""


@dataclass(eq=False)
class Education:
    minimum: str
    typical: str
    degrees: list[str] = required_list()
    coursework: list[str] = field(default_factory=list)
    medical_degree: str = ""
    note: str = ""
    certification: str = ""


@dataclass(eq=False)
class GettingStarted:
    experience: str
    experience_years: list[int] = required_list()
    hands_on: list[str] = field(default_factory=list)
    residency: str = ""
    prior_roles: list[str] = field(default_factory=list)
    certification: str = ""
    note: str = ""


@dataclass(eq=False)
class Outlook:
    growth_percent: float
    growth_by: int
    growth_source: str
    growth_subject: str
    drivers: list[str] = field(default_factory=list)
    employers: list[str] = field(default_factory=list)
    competition: str = ""


@dataclass(eq=False)
class Profile:
    """One career, as published by its source."""

    id: str
    title: str
    source: Source
    overview: Overview
    salary: Salary
    responsibilities: Responsibilities
    education: Education
    getting_started: GettingStarted
    outlook: Outlook
    skills: list[Skill] = required_list()
    pros: list[str] = required_list()
    cons: list[str] = required_list()
    aliases: list[str] = field(default_factory=list)


def load_profile(path: Path) -> Profile:
    """Load and validate one career file."""
    profile = build(Profile, read_yaml(path), path)
    if profile.salary.starting > profile.salary.senior:
        raise DataError(path, None, "salary.starting", "is higher than salary.senior; check the figures")
    return profile


def load_profiles(directory: Path) -> list[Profile]:
    """Load every `*.yaml` career file in `directory`, sorted by file name."""
    paths = data_files(directory)
    if not paths:
        raise DataError(directory, None, "", "no career files (*.yaml) found; add one or point --knowledge at the right folder")
    profiles = [load_profile(path) for path in paths]
    seen: dict[str, Path] = {}
    for path, profile in zip(paths, profiles):
        if profile.id in seen:
            raise DataError(path, None, "id", f"{profile.id!r} is already used by {seen[profile.id]}")
        seen[profile.id] = path
    return profiles
