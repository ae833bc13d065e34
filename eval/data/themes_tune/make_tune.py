"""Writes notes.csv: a tuning set for theme clustering (written by the themes builder, not the eval set).

Each note combines two sentences of one theme and, sometimes, a generic sentence and a planted
personal detail. Deterministic (seed 7). Run: .venv/bin/python eval/data/themes_tune/make_tune.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

THEMES = {
    "timezones": [
        "Our check-in got moved again because of the time difference between us.",
        "Finding a meeting slot that works across three time zones is exhausting.",
        "My mentor is eight hours ahead, so we end up talking late at night for me.",
        "Daylight saving changed and we both missed the call.",
        "I proposed an early morning slot so that it falls within her working hours.",
        "Scheduling across continents means one of us is always tired.",
        "We agreed to alternate who takes the inconvenient hour.",
        "The calendar invite showed the wrong time zone and I joined an hour late.",
        "Async voice notes help when our working hours barely overlap.",
        "I keep rescheduling because the only overlap is during my commute.",
    ],
    "feedback_culture": [
        "The direct feedback from my reviewer felt harsh, even though he meant it kindly.",
        "In my culture criticism is softened, so blunt comments in code review sting.",
        "I realised my indirect way of giving feedback was read as vague by the team.",
        "My manager's blunt style made me think I was failing when I was not.",
        "We talked about how directness is valued differently across cultures.",
        "I softened my feedback so much that the colleague did not notice the problem.",
        "A comment in the retro felt like public criticism, which is rude where I grew up.",
        "My mentor suggested asking how people prefer to receive feedback.",
        "I misread a short written review as anger; it was just the norm there.",
        "Giving negative feedback to someone more senior feels disrespectful to me.",
    ],
    "confidence": [
        "I still feel like an impostor when I present to senior leaders.",
        "I stayed quiet in the meeting even though I knew the answer.",
        "My confidence dropped after the demo went badly.",
        "I doubt myself whenever someone questions my analysis.",
        "Speaking up in large meetings makes my heart race.",
        "I finally shared my idea in the all-hands and people liked it.",
        "I apologise too much before saying anything in meetings.",
        "My mentor reminded me that I was hired for my judgement.",
        "I prepared three points in advance so I would dare to speak.",
        "Self-doubt kept me from volunteering for the presentation.",
    ],
    "language": [
        "Working in my second language makes me slower in fast discussions.",
        "I lose track when colleagues speak quickly and use idioms.",
        "My written English is fine but I hesitate when I have to speak.",
        "People sometimes finish my sentences while I look for the word.",
        "I rehearse phrases before calls because of my accent.",
        "Jokes and slang in the team chat are hard to follow for me.",
        "I asked the team to write decisions down so non-native speakers can follow.",
        "Translating in my head during meetings is tiring by the afternoon.",
        "My mentor suggested I ask people to repeat without apologising.",
        "Presenting in English still takes me twice the preparation.",
    ],
    "career": [
        "I am thinking about moving from engineering into product management.",
        "We discussed whether to apply for the senior role or wait a year.",
        "A recruiter offered me a job at another company and I am unsure.",
        "My mentor helped me map the skills I need for a promotion.",
        "I want to switch teams to work on machine learning.",
        "We talked about negotiating salary for the new position.",
        "I am weighing a move into management against staying technical.",
        "The promotion committee asked for evidence of impact, so I am collecting examples.",
        "I updated my CV and practised telling my career story.",
        "Changing careers at this stage feels risky but exciting.",
    ],
    "workload": [
        "I worked every weekend this month to meet the deadline.",
        "Too many projects at once mean I never finish anything properly.",
        "I feel burned out and find it hard to say no to new requests.",
        "My manager keeps adding tasks without removing any.",
        "I blocked focus time in my calendar to protect deep work.",
        "We talked about prioritising and dropping low-value work.",
        "I have been sleeping badly because of the workload.",
        "Saying no to an extra project felt uncomfortable but necessary.",
        "The on-call rotation leaves me exhausted.",
        "I asked my lead which of my five priorities actually matters most.",
    ],
}
SMALL = {"visa": [
    "My work visa renewal is taking months and I cannot plan anything.",
    "The relocation paperwork for my visa is stressing me out.",
    "I may have to leave the country if the visa is not approved.",
]}
GENERIC = ["It was a useful session.", "We will follow up next time.", "I wrote this down to remember it.",
           "Overall I feel a bit better about it.", ""]
PLANTED = ["I told Priyanka Venkataraman about it.", "You can reach me on +49 151 2345 6789.",
           "My old manager Torsten from Globex said the same.", "Email me at kofi.mensah88@gmail.com.",
           "It happened at the Rotterdam office.", "Ask @lina_dev on Slack."]


def main() -> None:
    rng = random.Random(7)
    people = [f"p{i:02d}" for i in range(1, 31)]
    rows = []
    n = 0
    for theme, sentences in {**THEMES, **SMALL}.items():
        authors = rng.sample(people, 3) if theme in SMALL else rng.sample(people, 14)
        count = 4 if theme in SMALL else 30
        for _ in range(count):
            n += 1
            parts = rng.sample(sentences, 2)
            extra = rng.choice(GENERIC)
            if rng.random() < 0.1:
                extra = rng.choice(PLANTED)
            text = " ".join(p for p in [*parts, extra] if p)
            month = rng.choice(["2026-07", "2026-08", "2026-09", "2026-10"])
            rows.append({"note_id": f"t{n:03d}", "participant": rng.choice(authors),
                         "date": f"{month}-{rng.randint(1, 28):02d}", "text": text, "theme": theme})
    rng.shuffle(rows)
    out = Path(__file__).with_name("notes.csv")
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["note_id", "participant", "date", "text", "theme"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} notes to {out}")


if __name__ == "__main__":
    main()
