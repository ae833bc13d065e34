"""Writes goals_more.jsonl: 104 more goal statements, written and labelled by the journey engineer in
session 4 (training only; never reported as a quality figure), same definitions and line format as
goals.py. Written to separate SPECIFIC from the other two labels: a number or a deadline does not
make a goal specific ("do 6 hours of courses by june" names no area), and a vague verb does not make
it unspecific when the area is concrete ("get more comfortable with terraform modules"). Domains
and people are invented; none of the wording comes from an evaluation set.
"""
import json
from pathlib import Path

GOALS = """
111 rewrite the onboarding checklist for new pharmacy technicians and have 2 new hires use it by 1 june
011 complete 6 hours of courses by june
101 get more comfortable with terraform modules for our staging environment before the migration
001 get more comfortable with things at work before the migration
110 record three piano accompaniment videos for my grade 5 students
010 record three videos
100 understand how our hospital's discharge process handles patients without insurance
000 understand things better
111 run two bridge inspection site visits with the junior engineer leading one of them, by end of october
011 do two site visits by end of october
101 learn the basics of unity's animation system this semester
001 learn something new this semester
110 get my portuguese to b1 on the instituto camoes test
010 pass a test
100 improve the way i hand over night shift notes to the morning team on the surgical ward
000 improve the way i work
111 publish one case study about the water meter rollout in kisumu on the company blog before december
011 publish one thing before december
101 feel calmer when presenting quarterly numbers to the finance committee, by the spring meeting
001 feel calmer at work by spring
110 cut the average reply time on the tenant repair inbox from 5 days to 2
010 cut a number from 5 to 2
100 be a better teammate for the two new apprentices in the cnc workshop
000 be a better teammate
111 lead the sprint retro for the mobile app team twice before the end of q3
011 lead something twice before the end of q3
101 get clearer on what the research ethics board needs from a pilot study, in the next 6 weeks
001 get clearer on what i want in the next 6 weeks
110 get my first pull request merged into the open source mapping library we use
010 get one thing merged
100 get more confident negotiating freight rates with our two biggest carriers
000 get more confident
111 write a 2 page proposal for a shared tool library in our makerspace and send it to the board by 15 april
011 write 2 pages and send them by 15 april
101 deepen my grasp of pediatric dosing calculations during my icu rotation
001 learn a lot during my rotation
110 teach one saturday workshop on sourdough basics at the community kitchen
010 teach one workshop
100 strengthen how i give feedback to the volunteers who run the food bank tuesday shift
000 strengthen my feedback skills
111 get the forklift license at the depot training centre before the peak season
011 get a license before the peak season
101 explore how our billing api handles refunds before the payments team offsite
001 explore new areas before the offsite
110 interview five farmers in the cooperative about late payments and write up what they said
010 do five interviews
100 work on my patience with the customer support escalations from the german market
000 work on my patience
111 move my three cron jobs on the reporting server to airflow by the end of the month
011 move three things by the end of the month
101 make my lab notebook for the enzyme assays easier for others to follow, this term
001 get organised this term
110 host one lunch and learn on accessibility testing for the design team
010 host one session
100 care less about being liked when i say no to extra reviews on the legal team
000 care less about what people think
111 ask three senior nurses on ward b for feedback on my handovers before my 6 month review
011 ask three people for feedback before my review
101 read up on solar inverter failure modes before the installer training in may
001 read more before may
110 get a rating of 4 or more from the parents in the spring survey for my year 2 class newsletters
010 get a rating of 4 or more
100 make peace with the new rota system for weekend call at the clinic
000 make peace with things
111 ship the dark mode setting in the android app in the 3.2 release on 20 march
011 ship something on 20 march
101 build my understanding of the new tax rules for freelancers in france before filing season
001 build my understanding before filing season
110 mentor one first year student in the robotics club through their first competition
010 mentor one person
100 get used to leading the morning stand-up for the warehouse pick team
000 get used to leading
111 present the pilot results of the reading program to the school board at the june meeting
011 present results at the june meeting
101 be more patient with the new billing clerks in the first two weeks of their onboarding
001 be more patient for two weeks
110 finish the 20 hour food safety supervisor course from the city council
010 finish a 20 hour course
100 sharpen my excel skills for the monthly stock reconciliation at the shop
000 sharpen my skills
111 send a one page weekly update on the bridge retrofit to the client every friday until handover
011 send a weekly update until handover
101 learn how the irrigation sensors on the north field report moisture, during the dry season
001 learn how stuff works during the dry season
110 give the safety briefing for the new scaffolding crew without my supervisor stepping in
010 give a briefing without help
100 get better at estimating story points for the checkout redesign
000 get better at estimating
111 get 3 regular customers of the bakery to review the new gluten free range by the end of august
011 get 3 reviews by the end of august
101 develop a feel for how the sales team talks about pricing, over this quarter
001 develop myself over this quarter
110 close the 12 oldest tickets in the legacy invoicing queue
010 close 12 tickets
100 improve how i write discharge letters for the cardiology outpatients
000 improve my writing
111 organise one visit to the recycling plant for my year 9 geography class before the summer holidays
011 organise one visit before the holidays
101 get comfortable with the new lab information system's sample tracking in my first month
001 get comfortable in my first month
110 have my thesis chapter on groundwater models approved by both supervisors
010 have a chapter approved
100 become more confident speaking up in the weekly design critique
000 become more confident speaking up
"""


def main() -> None:
    rows = []
    for i, line in enumerate(row for row in GOALS.strip().splitlines() if row.strip()):
        flags, text = line.split(" ", 1)
        rows.append({"id": f"jt2-g{i + 1:03d}", "text": text, "specific": flags[0] == "1",
                     "measurable": flags[1] == "1", "time_bound": flags[2] == "1"})
    out = Path(__file__).with_name("goals_more.jsonl")
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} goals to {out}")


if __name__ == "__main__":
    main()
