# ruff: noqa: E501 (a table of messages: one line each reads best)
"""The vocabularies a new exchange starts with, in its content language.

Country-neutral versions of the sample exchange's lists (same ids where the
meaning is the same), marked for translation so that ``exchange init`` writes
them in the exchange's language. Regions are the exchange's own.
"""

from __future__ import annotations

from generator.i18n import N_

#: name -> (label, ((id, label, description or ""), ...)), in facet order
STARTER: dict[str, tuple[str, tuple[tuple[str, str, str], ...]]] = {
    "stages": (
        N_("Stage"),
        (
            (
                "idea",
                N_("Idea"),
                N_(
                    "A problem has been found and a solution proposed, but nothing has been built or tested yet."
                ),
            ),
            (
                "development",
                N_("In development"),
                N_(
                    "The solution is being designed, built or adapted, and tried with a few intended users."
                ),
            ),
            (
                "piloting",
                N_("Piloting"),
                N_(
                    "Running in a real care setting on a limited scale while evidence is collected."
                ),
            ),
            (
                "proven",
                N_("Proven"),
                N_("Has delivered measurable results in at least one organisation."),
            ),
            (
                "spreading",
                N_("Spreading"),
                N_("Proven, and being adopted by further organisations or regions."),
            ),
            (
                "mainstream",
                N_("Mainstream"),
                N_("Usual practice in most of the places that could use it."),
            ),
        ),
    ),
    "evidence-levels": (
        N_("Evidence level"),
        (
            (
                "anecdotal",
                N_("Reported benefits"),
                N_("Benefits reported by the team or users, without a structured evaluation."),
            ),
            (
                "local-evaluation",
                N_("Local evaluation"),
                N_("A service evaluation or audit, for example a before-and-after comparison."),
            ),
            (
                "independent-evaluation",
                N_("Independent evaluation"),
                N_("Evaluated by a team independent of the innovators, for example a university."),
            ),
            (
                "peer-reviewed",
                N_("Peer-reviewed research"),
                N_(
                    "Published in a peer-reviewed journal, for example a controlled study or a systematic review."
                ),
            ),
            (
                "guidance",
                N_("Recommended in guidance"),
                N_("Recommended by national or professional clinical guidance."),
            ),
        ),
    ),
    "innovation-types": (
        N_("Innovation type"),
        (
            (
                "digital",
                N_("Digital"),
                N_("Apps, software, remote monitoring, online services and data platforms."),
            ),
            (
                "ai",
                N_("Artificial intelligence"),
                N_("Tools whose core function relies on machine learning or other AI techniques."),
            ),
            (
                "medical-device",
                N_("Medical device"),
                N_("Devices and equipment used to prevent, diagnose, monitor or treat."),
            ),
            ("diagnostic", N_("Diagnostic"), N_("Tests, including point-of-care testing.")),
            (
                "medicine",
                N_("Medicine"),
                N_("Treatments with medicines, and new ways of using existing ones."),
            ),
            (
                "care-model",
                N_("Model of care"),
                N_(
                    "A new way of organising services around people, such as a redesigned pathway or a new team."
                ),
            ),
            (
                "process",
                N_("Process improvement"),
                N_("Changes to administrative, operational or clinical processes."),
            ),
            (
                "workforce",
                N_("Workforce and education"),
                N_("New roles, training and ways of supporting staff."),
            ),
            ("other", N_("Other"), N_("Innovations that fit no other type.")),
        ),
    ),
    "clinical-areas": (
        N_("Clinical area"),
        (
            (
                "cardiovascular",
                N_("Cardiovascular"),
                N_("Heart disease, high blood pressure and stroke prevention."),
            ),
            ("respiratory", N_("Respiratory"), N_("COPD, asthma and other lung conditions.")),
            ("diabetes", N_("Diabetes"), ""),
            (
                "cancer",
                N_("Cancer"),
                N_("Screening, early diagnosis, treatment and living with cancer."),
            ),
            ("mental-health", N_("Mental health"), ""),
            ("dementia", N_("Dementia"), ""),
            ("maternity", N_("Maternity and newborn care"), ""),
            ("children-young-people", N_("Children and young people"), ""),
            (
                "musculoskeletal",
                N_("Musculoskeletal"),
                N_("Back pain, arthritis and other bone, joint and muscle conditions."),
            ),
            (
                "frailty",
                N_("Frailty and older people"),
                N_("Falls, frailty, delirium and the care of older people."),
            ),
            ("palliative-care", N_("Palliative and end of life care"), ""),
            (
                "prevention",
                N_("Prevention and population health"),
                N_("Smoking, obesity, alcohol, vaccination and the wider causes of ill health."),
            ),
        ),
    ),
    "care-settings": (
        N_("Care setting"),
        (
            (
                "primary-care",
                N_("Primary care"),
                N_("Family doctors, community pharmacy, dentistry and optometry."),
            ),
            (
                "community",
                N_("Community health services"),
                N_("Community nursing, therapy and clinics."),
            ),
            ("acute", N_("Hospital"), N_("Inpatient wards, outpatient clinics and day cases.")),
            ("urgent-emergency", N_("Urgent and emergency care"), ""),
            ("mental-health-services", N_("Mental health services"), ""),
            (
                "social-care",
                N_("Social care"),
                N_("Care and support at home and from local services."),
            ),
            ("care-homes", N_("Care homes"), N_("Residential and nursing homes.")),
            (
                "home",
                N_("At home"),
                N_("Care, monitoring and self-management in people's own homes."),
            ),
            ("hospice", N_("Hospices"), ""),
        ),
    ),
    "organisation-types": (
        N_("Organisation type"),
        (
            (
                "health-authority",
                N_("Health authority"),
                N_("A national or regional body that plans or funds health services."),
            ),
            (
                "provider",
                N_("Healthcare provider"),
                N_("Hospitals, community services, family doctors and other providers of care."),
            ),
            ("care-home", N_("Care home"), N_("Residential and nursing homes.")),
            (
                "home-care",
                N_("Home care provider"),
                N_("Domiciliary care agencies that support people in their own homes."),
            ),
            (
                "hospice",
                N_("Hospice"),
                N_("Hospices and other specialist palliative and end of life care services."),
            ),
            ("university", N_("University"), N_("Universities and other research institutions.")),
            (
                "local-authority",
                N_("Local authority"),
                N_("Municipalities and other local government."),
            ),
            (
                "innovation-agency",
                N_("Innovation agency"),
                N_("A body that helps health and care adopt innovations."),
            ),
            ("industry", N_("Industry"), N_("Companies, from start-ups to multinationals.")),
            (
                "voluntary-sector",
                N_("Voluntary and community sector"),
                N_("Charities, social enterprises and community groups."),
            ),
            ("other", N_("Other"), ""),
        ),
    ),
    "benefits": (
        N_("Benefit"),
        (
            (
                "patient-outcomes",
                N_("Better patient outcomes"),
                N_("Measurable improvements in health, function or survival."),
            ),
            ("patient-experience", N_("Better patient experience"), ""),
            ("patient-safety", N_("Safer care"), N_("Fewer incidents, errors and harms.")),
            (
                "access",
                N_("Faster or fairer access"),
                N_("Shorter waits and easier access to the right service."),
            ),
            ("health-inequalities", N_("Reduced health inequalities"), ""),
            (
                "cost-effectiveness",
                N_("Cost effectiveness"),
                N_("Savings, avoided costs or better value for the same spend."),
            ),
            ("staff-time", N_("Staff time released"), ""),
            ("carbon-reduction", N_("Carbon reduction"), ""),
        ),
    ),
    "adoption-statuses": (
        N_("Adoption status"),
        (
            (
                "planned",
                N_("Planned"),
                N_("The organisation has agreed to adopt it but has not started."),
            ),
            ("pilot", N_("Pilot"), N_("Running on a limited scale or for a trial period.")),
            ("live", N_("Live"), N_("Part of the organisation's usual service.")),
            ("completed", N_("Completed"), N_("Ran for a planned period and has finished.")),
            (
                "discontinued",
                N_("Discontinued"),
                N_("Stopped before it was planned to; the case study says why."),
            ),
        ),
    ),
}
#: The regions vocabulary's name (its terms are the exchange's own regions).
REGIONS_LABEL = N_("Region")
NATIONAL_DESCRIPTION = N_("Across the whole country rather than in one region.")
