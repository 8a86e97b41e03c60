"""Deterministic synthetic content: N valid innovations with case studies and scouts.

Used by the benchmarks and the scale tests (``exchange synthetic TARGET --innovations N``).
The same arguments always produce byte-identical files: every random choice comes from one
``random.Random(seed)`` and every date is computed from the fixed ``TODAY`` below, never from
the clock.

Everything written follows the content contract and carries ``illustrative: true``. Names are
obviously invented (fictional places, surnames such as "Example" and "Placeholder"), web
addresses are ``https://example.org/...``, email addresses appear only in ``contact`` fields,
and no text contains a run of ten digits (nothing that could be read as an NHS number).

Files are written with plain string formatting rather than a YAML dumper, so that 10,000
innovations, 10,000 case studies and 1,000 scouts take about 6 s of CPU, plus the file system's
time to create 21,000 files. Every string value in the YAML is single-quoted, so vocabulary
ids such as ``no`` or ``on`` from another exchange's vocabularies can never turn into booleans.

What varies, to look like real submissions:

- case studies are spread unevenly: about 40% of innovations have none (each of those gets a
  ``no-case-study`` warning from the validator), most have one or two, a few have five or more;
- optional fields (partners, contact, outcomes, references, costs, NICE ESF tier, dates, tags,
  links, an SVG image) appear with different probabilities;
- innovation bodies have all six sections and about 300-500 words, built from sentence
  templates; case studies have all four sections;
- one scout in ten has ``publish: false``; innovations and case studies only refer to scouts
  who have agreed to be published;
- ``last_reviewed`` dates fall within the year before ``TODAY``, so nothing is overdue.

A target folder that already holds anything is refused, unless it was written by this module
(it then holds the marker file ``.synthetic``), in which case it is emptied and rewritten. This
keeps ``exchange synthetic content`` from ever deleting real content.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import yaml

__all__ = ["MARKER", "TODAY", "generate"]

#: The fixed "today" every generated date is relative to (for byte-identical output).
TODAY = date(2026, 11, 27)

#: File left in a generated folder, so that regenerating it may safely delete it.
MARKER = ".synthetic"

_VOCABULARY_NAMES = (
    "stages",
    "innovation-types",
    "clinical-areas",
    "care-settings",
    "benefits",
    "regions",
    "organisation-types",
    "evidence-levels",
    "adoption-statuses",
)

_DEFAULT_VOCABULARIES = Path(__file__).resolve().parent.parent / "content" / "vocabularies"

# --- word lists ---------------------------------------------------------------

_PLACES = (
    "Northshire",
    "Southmere",
    "Midshire",
    "Westshire",
    "Eastdale",
    "Dunmere Valley",
    "Fenmouth",
    "Kingsmere",
    "Lowmarsh",
    "Highcombe",
    "Oakvale",
    "Ashmere",
    "Brookshire",
    "Cobbleford",
    "Elderwick",
    "Foxmere",
    "Gorsedale",
    "Harrowmere",
    "Inglevale",
    "Larkhaven",
    "Marshby",
    "Nettleford",
    "Pebblecombe",
    "Quarrydale",
    "Rookmere",
    "Saltwick Example",
    "Thornvale",
    "Umberfield",
    "Willowmere",
    "Yarrowdale",
    "Example Valley",
    "Example Coast",
)

_FIRST_NAMES = (
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Ellen",
    "Farah",
    "Gareth",
    "Hannah",
    "Isaac",
    "Jo",
    "Kofi",
    "Lena",
    "Malik",
    "Nia",
    "Owen",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Una",
    "Vikram",
    "Wendy",
    "Xander",
    "Yusuf",
    "Zara",
    "Amara",
    "Bartek",
    "Carys",
    "Deepa",
    "Emeka",
    "Fiona",
    "Grace",
    "Hamid",
    "Ines",
    "Jamal",
    "Kirsty",
    "Leon",
    "Mei",
    "Niamh",
)

_SURNAMES = (
    "Example",
    "Sample",
    "Placeholder",
    "Demo",
    "Fictional",
    "Specimen",
    "Mockford",
    "Prototype",
    "Illustrative",
    "Template",
    "Dummy",
    "Notreal",
    "Testwell",
    "Madeup",
    "Pretend",
    "Imaginary",
    "Invented",
    "Sketchley",
    "Draftwood",
    "Mockup",
)

_ROLES = (
    "Consultant nurse",
    "Service manager",
    "GP partner",
    "Clinical pharmacist",
    "Quality improvement lead",
    "Digital transformation manager",
    "Physiotherapist",
    "Occupational therapist",
    "Commissioning manager",
    "Public health registrar",
    "Research fellow",
    "Paramedic",
    "Practice manager",
    "Head of innovation",
    "Care home manager",
    "Senior lecturer",
    "Programme manager",
    "Consultant physician",
)

_APPROACHES = (
    "Remote monitoring",
    "Nurse-led clinics",
    "Digital self-management",
    "An integrated pathway",
    "Group consultations",
    "Point-of-care testing",
    "Peer support",
    "A rapid access clinic",
    "Proactive case finding",
    "A shared care record",
    "Video consultations",
    "Community outreach",
    "A single point of access",
    "Structured medication review",
    "Early supported discharge",
    "Health coaching",
    "Text message reminders",
    "Structured education",
    "Risk stratification",
    "A multidisciplinary huddle",
    "Home visits by a specialist team",
    "A patient-held plan",
    "Social prescribing",
    "An advice and guidance service",
    "Virtual ward care",
)

_GROUPS = (
    "people living with {cond}",
    "adults with {cond}",
    "older people with {cond}",
    "families affected by {cond}",
    "people at high risk of {cond}",
    "people waiting for {cond} services",
)

_STAFF = (
    "specialist nurses",
    "GPs",
    "clinical pharmacists",
    "healthcare assistants",
    "physiotherapists",
    "care coordinators",
    "social prescribing link workers",
    "paramedics",
    "consultants",
    "occupational therapists",
    "community matrons",
    "peer supporters",
)

_TOOLS = (
    "a tablet app",
    "a shared dashboard",
    "a structured template in the GP record",
    "a telephone follow-up protocol",
    "a wearable sensor",
    "an online booking system",
    "a risk score",
    "a text messaging service",
    "a point-of-care analyser",
    "a video platform",
)

# (measure, result template): {pct} 5-60, {pct2} 55-96, {n} 40-5,000, {a} < {b}, {months}.
_OUTCOMES = (
    ("Emergency admissions", "{pct}% fewer over {months} months"),
    ("Occupied bed days", "about {n} fewer over a year"),
    ("Waiting time for a first appointment", "down from {b} to {a} days"),
    ("Patient satisfaction", "{pct2}% rated the service good or very good"),
    ("Staff time released", "about {a} hours a week"),
    ("Did-not-attend rate", "down from {b}% to {a}%"),
    ("Readmissions within 30 days", "{pct}% lower than the year before"),
    ("Prescribing costs", "£{n} a month lower"),
    ("Time to diagnosis", "median down from {b} to {a} days"),
    ("Referrals to secondary care", "{pct}% fewer in participating practices"),
    ("Sites using the service", "{a} of {b} sites live"),
    ("People supported", "{n} in the first {months} months"),
    ("Patient activation (PAM) score", "mean rise of {a} points"),
)

_TAGS = (
    "virtual ward",
    "self-management",
    "prevention",
    "Core20PLUS5",
    "telehealth",
    "health inequalities",
    "workforce",
    "admission avoidance",
    "net zero",
    "patient safety",
    "co-production",
    "digital inclusion",
    "personalised care",
    "quality improvement",
    "population health",
    "medicines optimisation",
    "carers",
    "rural",
    "urban",
    "outreach",
)

# Noun phrases for the default clinical areas, so that templates read naturally ("adults with
# heart disease"); a term of another exchange's vocabulary becomes "<label> needs".
_CONDITIONS = {
    "cardiovascular": "heart disease",
    "respiratory": "COPD",
    "diabetes": "type 2 diabetes",
    "cancer": "cancer",
    "stroke": "stroke",
    "mental-health": "severe mental illness",
    "dementia": "dementia",
    "learning-disability-autism": "learning disabilities",
    "maternity": "pregnancy complications",
    "children-young-people": "childhood asthma",
    "musculoskeletal": "back and joint pain",
    "frailty": "frailty",
    "neurology": "epilepsy",
    "kidney": "chronic kidney disease",
    "eye-health": "glaucoma",
    "infection": "urinary tract infections",
    "palliative-care": "life-limiting illness",
    "prevention": "high blood pressure",
}

_SUMMARIES = (
    "{approach} for {group}, delivered by {staff} with {tool}. Developed by {org} to reduce "
    "avoidable admissions and improve experience of care.",
    "{staff_cap} use {tool} to support {group}, so that problems are picked up early and "
    "fewer people need emergency care.",
    "{approach} led by {org}: {staff} work with {staff2} to give {group} faster access to the "
    "right care.",
    "A redesigned service for {group} in {place}, combining {approach_lower} with {tool}.",
)

_CASE_STUDY_SUFFIXES = ("pilot", "rollout", "adoption", "service", "project", "programme", "trial")

# Organisation names for the default organisation-types vocabulary; any other id falls back
# to "<place> <label>".
_ORGANISATION_NAMES = {
    "nhs-england": ("NHS England ({place} example team)",),
    "health-education-england": ("Health Education England ({place} example team)",),
    "provider": (
        "{place} Community Health NHS Trust",
        "{place} Teaching Hospitals NHS Foundation Trust",
        "{place} Primary Care Network",
        "{place} GP Federation",
        "{place} Mental Health NHS Foundation Trust",
        "{place} Ambulance Service NHS Trust",
    ),
    "icb": ("{place} Integrated Care Board",),
    "university": ("University of {place}",),
    "local-authority": (
        "{place} County Council",
        "{place} Borough Council",
        "{place} City Council",
    ),
    "industry": (
        "{place} Health Technologies Ltd",
        "{place} Medical Devices Ltd",
        "Example Digital Health Ltd",
    ),
    "voluntary-sector": (
        "{place} Community Action",
        "{place} Patient Voice Network",
        "{place} Carers Forum",
    ),
    "health-innovation-network": ("{place} Health Innovation Network",),
    "other": ("{place} Local Optical Committee", "{place} Partnership"),
}

# --- sentence templates for the bodies ----------------------------------------
# Keys available: place, org, cond, setting, staff, staff2, tool, approach, pct, pct2, n, n2,
# months, weeks, cost, region.

_PROBLEM = (
    "In {place}, {cond} accounted for a growing share of emergency admissions, and many of them "
    "followed days of worsening symptoms that nobody in the {setting} team knew about.",
    "People told us that getting help meant repeating their story to several services, and that "
    "they often gave up before reaching the right one.",
    "Waiting times for a first appointment had risen to {weeks} weeks, and about {pct}% of people "
    "on the waiting list had attended an emergency department while they waited.",
    "Outcomes were worst in the most deprived neighbourhoods, where people were least likely to be "
    "referred and most likely to miss appointments.",
    "Staff spent a large part of each day on tasks that did not need their skills, such as chasing "
    "results and rebooking appointments.",
    "There was no shared record, so {staff} often did not know what had been agreed with the "
    "patient by another service.",
    "An audit of {n} records found that fewer than half of people with {cond} had a care plan "
    "that had been reviewed in the last year.",
    "Demand had grown by about {pct2}% in five years while the number of {staff} stayed the same.",
    "Care was organised around the needs of each service rather than around the person, with "
    "frequent hand-offs between {setting} and hospital teams.",
    "Many people were admitted at weekends, when community teams were not working and nobody "
    "could visit at short notice.",
)

_SOLUTION = (
    "{approach} was introduced for {group}, led by {staff} and supported by {tool}.",
    "Each person agrees a plan with the team at the first contact, including what to do if their "
    "symptoms get worse and who to call.",
    "{staff_cap} review the list every morning and contact anyone whose readings or answers have "
    "changed, the same day.",
    "Referrals come through a single route, and a senior clinician decides within one working day "
    "which part of the service is the best fit.",
    "The team meets weekly with {staff2} to discuss people with complex needs and agree who will "
    "take the lead.",
    "People who cannot use digital tools are offered the same service by telephone, and a "
    "volunteer can help them get started.",
    "Training for {staff} covers the new pathway, shared decision making and when to escalate.",
    "The service runs seven days a week, with cover from the {setting} team at weekends.",
    "Information is recorded once, in {tool}, and shared with the GP practice and the other "
    "services involved.",
    "Patients can refer themselves back into the service for {months} months after discharge, "
    "without going through their GP.",
)

_EVIDENCE = (
    "A service evaluation of {n} people found {pct}% fewer emergency admissions in the 12 months "
    "after enrolment than in the 12 months before.",
    "Waiting times fell from {weeks} weeks to under two weeks within {months} months of launch.",
    "In a survey of {n2} patients, {pct2}% said they would recommend the service to friends and "
    "family.",
    "The evaluation had no control group, so part of the change may reflect regression to the "
    "mean or other changes in the local system.",
    "Staff reported that the new way of working released about {pct}% of their time for people "
    "with the most complex needs.",
    "Use of the service was similar across the most and least deprived neighbourhoods, unlike the "
    "previous arrangement.",
    "An economic analysis estimated a net saving of about £{cost} a year after the costs of "
    "staff and equipment.",
    "Results were presented at a regional learning event and shared with the health innovation "
    "network for {region}.",
)

_RESOURCES = (
    "Set-up costs were about £{cost}, mostly for equipment, configuration and training.",
    "The main ongoing cost is staff time: about {n2} hours a week of {staff} and some "
    "administrative support.",
    "Information governance, a data protection impact assessment and a clinical safety review "
    "took about {months} months before go-live.",
    "A project manager for the first year made a large difference to the speed of set-up.",
    "No new buildings were needed; the team uses existing clinic rooms and community venues.",
    "Licences for {tool} are paid annually, per patient or per site.",
)

_DIFFICULTIES = (
    "Recruiting {staff} took longer than planned, and the service opened with only part of its "
    "team in post.",
    "Some people could not use the technology, so a non-digital route had to be added early on.",
    "Sharing information between organisations needed a data sharing agreement that took "
    "{months} months to sign.",
    "In the first weeks, too many alerts were generated, and thresholds had to be adjusted for "
    "each person.",
    "Funding was agreed one year at a time, which made it hard to keep staff.",
    "Engaging GP practices was slow until the service showed that it reduced their workload.",
    "Winter pressures meant that staff were sometimes moved to other teams at short notice.",
)

_TRANSFER = (
    "The model can be adopted by any {setting} service with a similar population.",
    "Start small, with the people most likely to benefit, and expand once the pathway is stable.",
    "Agree the escalation rules with every service involved before launch, not after.",
    "Plan for digital exclusion from day one.",
    "Measure a small number of outcomes from the start, in the form commissioners will need.",
    "Visit a team that already runs the service: it saves months.",
    "Involve patients and carers in designing the materials and the way people are contacted.",
)

_CONTEXT = (
    "{org} serves a population of about {n2},000 people, with higher than average rates of {cond}.",
    "The {setting} team had tried several smaller changes, but waiting times kept rising.",
    "Local leaders had heard about the approach through the innovation scouts network.",
    "The area is largely rural, and travel to the nearest hospital can take more than an hour.",
    "Commissioners asked for a model that would work across several organisations.",
)

_WHAT_WE_DID = (
    "We adopted the model with small changes to fit local services, starting with {n2} patients.",
    "{staff_cap} were trained over {weeks} weeks, and a clinical lead was named for the project.",
    "We visited a site that already ran the service and borrowed its protocols and templates.",
    "A steering group with patients, {staff} and managers met monthly to review progress.",
    "We agreed a data sharing arrangement with local GP practices before the first referral.",
)

_RESULTS = (
    "In the first {months} months, {n2} people used the service.",
    "Emergency admissions in this group fell by about {pct}% compared with the previous year.",
    "Patient feedback was positive: {pct2}% rated the service good or very good.",
    "It is too early to measure the effect on outcomes, but activity is in line with the plan.",
    "Staff reported less duplication and clearer responsibilities.",
)

_LESSONS = (
    "Protect time for the people leading the change.",
    "Agree what will be measured before the start.",
    "Keep a non-digital route for people who need it.",
    "Involve the people who do the daily work early, as they spot the practical problems.",
    "Expect set-up to take longer than planned, especially information governance.",
)

_BIOS = (
    "{name} has worked in the NHS for {n} years, most recently as {role_lower} in {place}.",
    "As a scout, {first} looks for innovations that help {group}.",
    "{first} is happy to talk to teams planning to adopt an innovation they have worked on.",
    "Before joining the scouts, {first} led a quality improvement project on {cond}.",
    "{first} is particularly interested in **digital inclusion** and in reducing health "
    "inequalities.",
)


# --- helpers -----------------------------------------------------------------


def _q(value: str) -> str:
    """A YAML single-quoted scalar."""
    return "'" + value.replace("'", "''") + "'"


def _qlist(values: list[str]) -> str:
    return "[" + ", ".join(_q(v) for v in values) + "]"


def _slugify(text: str) -> str:
    out, dash = [], False
    for ch in text.lower():
        if "a" <= ch <= "z" or "0" <= ch <= "9":
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def _short_slug(text: str, suffix: str, limit: int = 80) -> str:
    """``<slug of text>-<suffix>``, cut at a hyphen so the whole is at most ``limit``."""
    base = _slugify(text)
    room = limit - len(suffix) - 1
    if len(base) > room:
        base = base[:room].rsplit("-", 1)[0] if "-" in base[:room] else base[:room]
    base = base.strip("-")
    return f"{base}-{suffix}" if base else suffix


def _cut(text: str, limit: int) -> str:
    """Cut plain text at a word boundary to at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _read_vocabularies(folder: Path) -> dict[str, list[tuple[str, str]]]:
    vocabularies = {}
    for name in _VOCABULARY_NAMES:
        data = yaml.safe_load((folder / f"{name}.yml").read_text(encoding="utf-8"))
        vocabularies[name] = [(str(t["id"]), str(t["label"])) for t in data["terms"]]
    return vocabularies


def _prepare_target(target: Path) -> None:
    if target.exists():
        if not target.is_dir():
            raise NotADirectoryError(f"{target} is not a folder")
        if any(target.iterdir()):
            if not (target / MARKER).is_file():
                raise FileExistsError(
                    f"{target} is not empty and was not written by the synthetic generator; "
                    "choose an empty or new folder"
                )
            for child in target.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
    target.mkdir(parents=True, exist_ok=True)
    (target / MARKER).write_text(
        "Written by generator.synthetic: regenerating this folder deletes everything in it.\n",
        encoding="utf-8",
    )


_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 120" width="320" height="120" '
    'role="img" aria-labelledby="t">\n'
    '  <title id="t">{title}</title>\n'
    '  <rect x="10" y="30" width="80" height="60" rx="8" fill="{c1}"/>\n'
    '  <rect x="120" y="30" width="80" height="60" rx="8" fill="{c2}"/>\n'
    '  <rect x="230" y="30" width="80" height="60" rx="8" fill="{c3}"/>\n'
    '  <path d="M90 60 H120 M200 60 H230" stroke="#231f20" stroke-width="4"/>\n'
    "</svg>\n"
)
_COLOURS = ("#005eb8", "#41b6e6", "#ffb81c", "#da291c", "#009639", "#330072", "#768692")


class _Writer:
    """Holds the random source and the vocabularies while one corpus is written."""

    def __init__(self, seed: int, vocabularies: dict[str, list[tuple[str, str]]]):
        self.rng = random.Random(seed)
        self.v = {name: [t[0] for t in terms] for name, terms in vocabularies.items()}
        self.labels = {name: dict(terms) for name, terms in vocabularies.items()}
        # Skewed weights so that some terms are common and others rare, as in real catalogues.
        self.weights = {
            name: [1.0 / (1 + i) ** 0.8 for i in range(len(ids))] for name, ids in self.v.items()
        }
        rng = self.rng
        for name in self.weights:
            rng.shuffle(self.weights[name])
        self.interests = self.v["clinical-areas"] + self.v["innovation-types"]
        self.review_start = (TODAY - timedelta(days=360)).toordinal()
        self.today = TODAY.toordinal()

    # random helpers
    def pick(self, name: str) -> str:
        return self.rng.choices(self.v[name], self.weights[name])[0]

    def some(self, name: str, low: int, high: int) -> list[str]:
        ids = self.v[name]
        k = min(len(ids), self.rng.randint(low, high))
        chosen: list[str] = []
        while len(chosen) < k:
            term = self.pick(name)
            if term not in chosen:
                chosen.append(term)
        return chosen

    def review_date(self) -> str:
        return date.fromordinal(self.rng.randint(self.review_start, self.today)).isoformat()

    def month(self, first_year: int, last: date) -> str:
        year = self.rng.randint(first_year, last.year)
        month = self.rng.randint(1, 12 if year < last.year else last.month)
        return f"{year:04d}-{month:02d}"

    def org(self, type_id: str) -> str:
        place = self.rng.choice(_PLACES)
        forms = _ORGANISATION_NAMES.get(type_id)
        if forms:
            return self.rng.choice(forms).format(place=place)
        return f"{place} {self.labels['organisation-types'][type_id]} (example)"

    def condition(self, term: str) -> str:
        return _CONDITIONS.get(term) or f"{self.labels['clinical-areas'][term].lower()} needs"

    def numbers(self) -> dict[str, object]:
        rng = self.rng
        return {
            "pct": rng.randint(8, 45),
            "pct2": rng.randint(55, 96),
            "n": f"{rng.randint(120, 9000):,}",
            "n2": rng.randint(12, 600),
            "months": rng.randint(3, 24),
            "weeks": rng.randint(4, 20),
            "cost": f"{rng.randint(5, 400) * 1000:,}",
        }

    def paragraphs(
        self, pool: tuple[str, ...], low: int, high: int, ctx: dict, bullets: float = 0.0
    ) -> str:
        """Some sentences from ``pool`` (fresh numbers each time), as prose or a bulleted list."""
        rng = self.rng
        ctx = ctx | self.numbers()
        chosen = rng.sample(pool, min(len(pool), rng.randint(low, high)))
        sentences = [s.format(**ctx) for s in chosen]
        if bullets and rng.random() < bullets and len(sentences) >= 3:
            lead = sentences[0]
            items = "\n".join(f"- {s[0].lower()}{s[1:-1]};" for s in sentences[1:-1])
            last = sentences[-1]
            return f"{lead}\n\n{items}\n- {last[0].lower()}{last[1:]}\n"
        # two paragraphs when there is enough text
        if len(sentences) >= 4:
            cut = rng.randint(2, len(sentences) - 2)
            return " ".join(sentences[:cut]) + "\n\n" + " ".join(sentences[cut:]) + "\n"
        return " ".join(sentences) + "\n"

    def outcome(self, base: str, indent: str) -> str:
        """One ``- measure/result[/source]`` item of an outcomes list, indented by ``indent``."""
        rng = self.rng
        a = rng.randint(2, 40)
        numbers = {
            "pct": rng.randint(5, 60),
            "pct2": rng.randint(55, 96),
            "months": rng.randint(6, 24),
            "n": f"{rng.randint(40, 5000):,}",
            "a": a,
            "b": a + rng.randint(1, 30),
        }
        measure, result = rng.choice(_OUTCOMES)
        item = f"{indent}- measure: {_q(measure)}\n{indent}  result: {_q(result.format(**numbers))}"
        if rng.random() < 0.5:
            item += f"\n{indent}  source: https://example.org/{base}/evaluation-{rng.randint(1, 9)}"
        return item

    # --- the three kinds of file ----------------------------------------------

    def scout(self, folder: Path, index: int, published: list[str]) -> None:
        """Write scout number ``index``; every tenth one has not consented to publication."""
        rng = self.rng
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_SURNAMES)
        slug = f"{_slugify(first)}-{_slugify(last)}-{index + 1}"
        publish = index % 10 != 9
        if publish:
            published.append(slug)
        name = f"{'Dr ' if rng.random() < 0.2 else ''}{first} {last}"
        org_type = self.pick("organisation-types")
        role = rng.choice(_ROLES)
        lines = ["illustrative: true", f"name: {_q(name)}"]
        if rng.random() < 0.9:
            lines.append(f"role: {_q(role)}")
        lines.append(f"organisation: {{name: {_q(self.org(org_type))}, type: {_q(org_type)}}}")
        lines.append(f"region: {_q(self.pick('regions'))}")
        if rng.random() < 0.8:
            lines.append(f"joined: '{self.month(2015, TODAY)}'")
        lines.append(f"status: {'alumni' if rng.random() < 0.15 else 'active'}")
        if self.interests and rng.random() < 0.85:
            k = min(len(self.interests), rng.randint(1, 4))
            lines.append(f"interests: {_qlist(rng.sample(self.interests, k))}")
        if rng.random() < 0.7:
            cond = self.condition(self.pick("clinical-areas"))
            ctx = {
                "name": name,
                "first": first,
                "role_lower": role.lower(),
                "place": rng.choice(_PLACES),
                "n": rng.randint(2, 30),
                "cond": cond,
                "group": rng.choice(_GROUPS).format(cond=cond),
            }
            bio = " ".join(s.format(**ctx) for s in rng.sample(_BIOS, rng.randint(2, 4)))
            lines += ["bio: |", "  " + bio]
        if rng.random() < 0.5:
            email = f"{_slugify(first)}.{_slugify(last)}.{index + 1}@example.org"
            lines.append(f"contact: {{email: {email}, url: https://example.org/scouts/{slug}}}")
        lines.append(f"publish: {'true' if publish else 'false'}")
        _write(folder / f"{slug}.yml", "\n".join(lines) + "\n")

    def innovation(self, folder: Path, index: int, case_studies: int, published: list[str]) -> None:
        """Write innovation number ``index`` with ``case_studies`` case studies."""
        rng = self.rng
        clinical = self.some("clinical-areas", 0, 2) if rng.random() < 0.9 else []
        settings = self.some("care-settings", 1, 3) if rng.random() < 0.85 else []
        cond = self.condition(clinical[0]) if clinical else "long-term conditions"
        place = rng.choice(_PLACES)
        approach = rng.choice(_APPROACHES)
        group = rng.choice(_GROUPS).format(cond=cond)
        title = _cut(f"{approach} for {group} in {place}", 100)
        slug = _short_slug(title, str(index + 1))
        stages = self.v["stages"]
        stage_index = rng.randrange(len(stages))
        org_type = self.pick("organisation-types")
        org_name = self.org(org_type)
        staff, staff2 = rng.sample(_STAFF, 2)
        tool = rng.choice(_TOOLS)
        regions = self.some("regions", 1, 3 if rng.random() < 0.2 else 1)
        setting = self.labels["care-settings"][settings[0]].lower() if settings else "community"
        ctx = {
            "place": place,
            "org": org_name,
            "cond": cond,
            "staff": staff,
            "staff2": staff2,
            "staff_cap": staff[0].upper() + staff[1:],
            "tool": tool,
            "approach": approach,
            "approach_lower": approach[0].lower() + approach[1:],
            "group": group,
            "setting": setting,
            "region": self.labels["regions"][regions[0]],
        }
        summary = _cut(rng.choice(_SUMMARIES).format(**ctx), 300)
        lines = [
            "---",
            f"title: {_q(title)}",
            f"summary: {_q(summary)}",
            "illustrative: true",
            f"stage: {_q(stages[stage_index])}",
            f"types: {_qlist(self.some('innovation-types', 1, 3))}",
        ]
        if clinical:
            lines.append(f"clinical_areas: {_qlist(clinical)}")
        if settings:
            lines.append(f"care_settings: {_qlist(settings)}")
        if rng.random() < 0.8:
            lines.append(f"benefits: {_qlist(self.some('benefits', 1, 4))}")
        lines += [
            f"regions: {_qlist(regions)}",
            "organisation:",
            f"  name: {_q(org_name)}",
            f"  type: {_q(org_type)}",
        ]
        if rng.random() < 0.6:
            lines.append(f"  website: https://example.org/organisations/{_slugify(org_name)}")
        if rng.random() < 0.5:
            lines.append("partners:")
            for _ in range(rng.randint(1, 3)):
                kind = self.pick("organisation-types")
                lines.append(f"  - {{name: {_q(self.org(kind))}, type: {_q(kind)}}}")
        scouts: list[str] = []
        if published and rng.random() < 0.6:
            scouts = rng.sample(published, min(len(published), rng.randint(1, 3)))
            lines.append(f"scouts: {_qlist(scouts)}")
        if rng.random() < 0.4:
            lines.append(
                f"contact: {{name: 'Service lead', email: team-{index + 1}@example.org, "
                f"url: https://example.org/innovations/{slug}/contact}}"
            )
        # Later stages tend to have stronger evidence (levels are listed weakest first).
        levels = self.v["evidence-levels"]
        bias = stage_index / max(1, len(stages) - 1)
        level = levels[min(len(levels) - 1, int((rng.random() * 0.6 + bias * 0.4) * len(levels)))]
        lines += ["evidence:", f"  level: {_q(level)}"]
        if rng.random() < 0.8:
            lines.append("  outcomes:")
            lines += [self.outcome(slug, "    ") for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.5:
            lines.append("  references:")
            for r in range(1, rng.randint(1, 3) + 1):
                lines.append(
                    f"    - {{title: {_q(f'{place} evaluation report {r}')}, "
                    f"url: https://example.org/innovations/{slug}/report-{r}, "
                    f"year: {rng.randint(2015, 2026)}}}"
                )
        if rng.random() < 0.6:
            setup, annual = rng.randint(0, 200) * 500, rng.randint(1, 200) * 250
            notes = _q(f"Staff time of {staff} and licences for {tool}")
            lines.append(
                f"costs: {{setup: {setup}, annual: {annual}, currency: GBP, notes: {notes}}}"
            )
        if rng.random() < 0.3:
            lines.append(f"nice_esf_tier: {rng.choice('ABC')}")
        started = None
        if rng.random() < 0.8:
            started = self.month(2012, TODAY)
            lines.append(f"started: '{started}'")
            if rng.random() < 0.1:
                lines.append(f"ended: '{max(self.month(int(started[:4]), TODAY), started)}'")
        lines.append(f"last_reviewed: '{self.review_date()}'")
        if rng.random() < 0.6:
            lines.append(f"tags: {_qlist(rng.sample(_TAGS, rng.randint(1, 4)))}")
        if rng.random() < 0.4:
            lines += [
                "links:",
                f"  - {{title: 'Service page', url: https://example.org/innovations/{slug}}}",
            ]
        image = None
        if rng.random() < 0.05:
            core = approach.split(" ", 1)[1] if approach.startswith(("A ", "An ")) else approach
            alt = f"The {core.lower()} pathway in three steps"
            c1, c2, c3 = rng.sample(_COLOURS, 3)
            image = _SVG.format(title=alt, c1=c1, c2=c2, c3=c3)
            lines.append(f"image: {{src: pathway.svg, alt: {_q(alt)}}}")
        lines.append("---")
        body = (
            "\n## The problem\n\n"
            + self.paragraphs(_PROBLEM, 3, 5, ctx)
            + "\n## The solution\n\n"
            + self.paragraphs(_SOLUTION, 3, 5, ctx, bullets=0.3)
            + "\n## Evidence of success\n\n"
            + self.paragraphs(_EVIDENCE, 3, 5, ctx, bullets=0.2)
            + "\n## Resources needed\n\n"
            + self.paragraphs(_RESOURCES, 2, 4, ctx)
            + "\n## Difficulties encountered\n\n"
            + self.paragraphs(_DIFFICULTIES, 2, 4, ctx, bullets=0.4)
            + "\n## Potential for learning or transfer\n\n"
            + self.paragraphs(_TRANSFER, 2, 4, ctx)
        )
        entry = folder / slug
        entry.mkdir()
        _write(entry / "index.md", "\n".join(lines) + "\n" + body)
        if image:
            _write(entry / "pathway.svg", image)
        if case_studies:
            (entry / "case-studies").mkdir()
            first_year = int(started[:4]) if started else 2015
            for k in range(case_studies):
                self.case_study(entry / "case-studies", k, slug, first_year, scouts, ctx)

    def case_study(
        self,
        folder: Path,
        index: int,
        innovation: str,
        first_year: int,
        scouts: list[str],
        ctx: dict,
    ) -> None:
        """Write one case study of ``innovation``, adopted no earlier than ``first_year``."""
        rng = self.rng
        place = rng.choice(_PLACES)
        org_type = self.pick("organisation-types")
        org = self.org(org_type)
        slug = _short_slug(f"{place} {rng.choice(_CASE_STUDY_SUFFIXES)}", str(index + 1))
        title = _cut(f"{ctx['approach']} at {org}", 100)
        lines = [
            "---",
            f"title: {_q(title)}",
            "illustrative: true",
            f"organisation: {{name: {_q(org)}, type: {_q(org_type)}}}",
            f"region: {_q(self.pick('regions'))}",
        ]
        if rng.random() < 0.8:
            lines.append(f"adopted: '{self.month(first_year, TODAY)}'")
        lines.append(f"status: {_q(self.pick('adoption-statuses'))}")
        if scouts and rng.random() < 0.5:
            lines.append(f"scouts: {_qlist(scouts[:1])}")
        if rng.random() < 0.6:
            lines.append("outcomes:")
            lines += [self.outcome(innovation, "  ") for _ in range(rng.randint(1, 3))]
        lines += [f"last_reviewed: '{self.review_date()}'", "---"]
        ctx = ctx | {"org": org, "place": place}
        body = (
            "\n## Context\n\n"
            + self.paragraphs(_CONTEXT, 2, 4, ctx)
            + "\n## What we did\n\n"
            + self.paragraphs(_WHAT_WE_DID, 2, 4, ctx)
            + "\n## Results\n\n"
            + self.paragraphs(_RESULTS, 2, 4, ctx)
            + "\n## Lessons learned\n\n"
            + self.paragraphs(_LESSONS, 1, 3, ctx, bullets=0.5)
        )
        _write(folder / f"{slug}.md", "\n".join(lines) + "\n" + body)


def generate(
    target: Path,
    innovations: int,
    *,
    seed: int = 0,
    case_studies: int | None = None,
    scouts: int | None = None,
    vocabularies: Path | None = None,
) -> dict[str, int]:
    """Write a synthetic exchange into ``target`` and return how many entries of each kind.

    ``target`` is created if needed. It must be empty, or a folder written earlier by this
    function (which is then emptied first). The vocabularies are copied from ``vocabularies``
    (default: this repository's ``content/vocabularies``) and their term ids are used for every
    faceted field; a ``pathway.yml`` beside that folder is copied too. ``case_studies``
    defaults to ``innovations`` and ``scouts`` to ``max(3, innovations // 10)``.
    """
    if innovations < 0:
        raise ValueError("innovations must be zero or more")
    target = Path(target)
    vocab_dir = Path(vocabularies) if vocabularies is not None else _DEFAULT_VOCABULARIES
    n_cases = innovations if case_studies is None else case_studies
    n_scouts = max(3, innovations // 10) if scouts is None else scouts
    if n_cases < 0 or n_scouts < 0:
        raise ValueError("case_studies and scouts must be zero or more")
    if n_cases and not innovations:
        raise ValueError("case studies need at least one innovation")

    vocab = _read_vocabularies(vocab_dir)
    _prepare_target(target)
    (target / "vocabularies").mkdir()
    for name in _VOCABULARY_NAMES:
        shutil.copyfile(vocab_dir / f"{name}.yml", target / "vocabularies" / f"{name}.yml")
    # The adoption pathway beside the vocabularies, when there is one: every adoption
    # pack then has its readiness checklist, as a real exchange's would.
    pathway = vocab_dir.parent / "pathway.yml"
    if pathway.is_file():
        shutil.copyfile(pathway, target / "pathway.yml")

    writer = _Writer(seed, vocab)
    rng = writer.rng

    (target / "scouts").mkdir()
    published: list[str] = []
    for i in range(n_scouts):
        writer.scout(target / "scouts", i, published)

    # How many case studies each innovation gets: about 60% of innovations get at least one,
    # and the rest are spread over those with heavy-tailed weights, so a few have many.
    per_innovation = [0] * innovations
    if n_cases:
        adopted = rng.sample(range(innovations), min(n_cases, max(1, round(innovations * 0.6))))
        for index in adopted:
            per_innovation[index] = 1
        extra = n_cases - len(adopted)
        if extra:
            weights = [min(rng.paretovariate(1.5), 12.0) for _ in adopted]
            for index in rng.choices(adopted, weights, k=extra):
                per_innovation[index] += 1

    (target / "innovations").mkdir()
    for i in range(innovations):
        writer.innovation(target / "innovations", i, per_innovation[i], published)

    return {"innovations": innovations, "case_studies": n_cases, "scouts": n_scouts}
