# ruff: noqa: E501  (data file: one goal or reflection per line)
"""Writes reflections.jsonl: training data for the goal linker, written by the journey engineer.

Training only (a second writer beside eval/data/reflections.jsonl, so the ranker can be chosen on a
writer-held-out split). Compact form below: per mentee 3 goals (title | why | milestones ; skills)
and reflections (goal index, also, what | so what | now what).
"""
import json
from pathlib import Path

M = [
 (["Give a 20-minute talk on our billing dashboard at the ops summit in May | people outside finance should trust the numbers | draft the outline; dry run with my team; final slides to organisers ; public speaking, storytelling",
   "Write the quarterly report on billing dashboard adoption by end of June | leadership asked for a written summary | collect usage numbers; interview three teams; send draft to Priya ; writing, data analysis",
   "Lead two sprint retrospectives this quarter | I want to practise facilitation | shadow Tom's retro; run the first retro ; facilitation"],
  [(0, [], "Did the dry run with my team today. I talked way too fast on the second half.", "When I'm nervous I rush and skip the story behind the chart.", "Next time I'll put a pause marker on every third slide and rehearse with a timer."),
   (1, [], "Spent the afternoon pulling usage numbers out of the billing dashboard logs.", "The numbers are messier than I thought, two teams never log in at all.", "I will interview those teams first and ask why, then draft the summary section for Priya."),
   (2, [], "Watched Tom run his retro, he used a start/stop/continue board.", "He stayed quiet a lot and let people fill the silence, that was the trick.", "For my first retro I'll try the same board and count to five before I speak."),
   (0, [], "my manager asked about the dashboard during standup and I stumbled explaining the churn chart.", "if I can't explain it in standup I can't explain it on stage in May.", "rewrite the churn slide as a story: problem, what we saw, what changed."),
   (2, [0], "Ran my first retrospective. People actually talked, even the quiet backend folks.", "Having a clear structure made me less anxious than I expected, a bit like the talk rehearsals.", "Second retro is in three weeks; I want to try a different format, maybe the sailboat."),
   (1, [], "Priya read my draft and said the executive summary was buried on page three.", "I write like I'm telling a story chronologically, but readers want the conclusion first.", "Move the conclusion up, cut the method section to one paragraph, send again on Friday.")]),
 (["Pass the AWS Solutions Architect Associate exam by March | needed for the cloud migration team | finish the video course; two practice exams above 75%; book the exam ; cloud architecture, networking",
   "Mentor one junior engineer through their first on-call rotation | I was lost on my first on-call | meet weekly; write an on-call cheat sheet together ; mentoring, incident response",
   "Get better at saying no to extra work | I'm overloaded and my own goals slip | ; boundaries, prioritisation"],
  [(0, [], "Scored 64% on the first practice exam.", "Networking questions killed me, VPC peering and transit gateways especially.", "I'll redo the networking module and take the second practice exam in two weeks."),
   (1, [], "Had the weekly call with Lena before her first on-call week.", "She was scared of being paged at night, which is exactly how I felt.", "We'll write the cheat sheet together on Thursday: who to call, which dashboards, how to escalate."),
   (2, [], "Someone asked me to review another team's design doc and I said yes without thinking. Again.", "I felt resentful afterwards, and it ate my study evening.", "Next time I'll say 'let me check my week and come back to you' instead of yes."),
   (1, [], "Lena got paged at 2am for a disk alert and handled it alone using the cheat sheet.", "I was proud, and honestly relieved the sheet worked.", "In our next meeting I'll ask what was missing from the sheet and add it."),
   (0, [2], "I blocked every Tuesday evening for study and declined a meeting to protect it.", "Protecting the time actually worked, I finished the video course.", "Book the exam date this week so there's a real deadline.")]),
 (["Publish one blog post about our accessibility work by September | share what we learned | pick the topic; first draft; review with legal ; writing",
   "Run an accessibility audit of the checkout flow in Q3 | our checkout fails screen readers | list WCAG criteria; test with NVDA; file tickets ; accessibility, testing",
   "Become more confident speaking up in design critiques | I stay silent and regret it | ; communication, confidence"],
  [(1, [], "Tested the checkout with NVDA for the first time. The address form is unusable, labels are missing everywhere.", "I didn't realise how bad it was until I closed my eyes and tried.", "File tickets for each missing label and group them by severity."),
   (0, [], "Started the first draft of the accessibility post. Wrote 400 words and deleted half.", "I keep trying to sound like an expert instead of telling what happened.", "Write it as a story of the audit: what we found, what surprised us, what we fixed."),
   (2, [], "In critique today I disagreed with the carousel idea but said nothing.", "I was afraid of sounding negative in front of the lead designer.", "Next critique I'll prepare one question in advance so I have something to say."),
   (1, [0], "Listed the WCAG criteria that matter for checkout, about 20 of them.", "Having the list makes the audit feel finite, not endless. It will also make the blog post easier.", "Go through the payment step next week with the list."),
   (2, [], "felt my heart racing before the critique but I asked my question about contrast.", "nobody laughed, the lead designer even said good point.", "keep doing one question per critique, maybe two next month.")]),
 (["Get promoted to team lead by the January review | I've been acting lead for months | write the promotion case; get feedback from two peers; lead the planning session ; leadership, planning",
   "Learn Spanish to B1 level by December | half my team is in Madrid | finish Duolingo unit 5; weekly conversation class; take the DELE practice test ; spanish",
   "Reduce the team's deployment failures to under 5% by end of Q4 | failed deploys cost us weekends | add smoke tests; rollback runbook ; devops, testing"],
  [(2, [], "Two deploys failed this week, both because of missing config in staging.", "We keep fixing symptoms, nobody owns the config.", "Add a smoke test that checks config keys before the deploy goes out."),
   (1, [], "Conversation class today, I understood maybe half of what Marta said.", "I freeze when people speak fast, but reading is fine.", "Watch one Spanish series episode a day with subtitles, and book the DELE practice test for November."),
   (0, [], "Led the quarterly planning session for the first time. It ran 30 minutes over.", "I let the discussion about tooling go on too long; a lead has to cut that.", "Put this in my promotion case as a lesson, and ask Ana for feedback on how I ran it."),
   (0, [1], "One-on-one with a Madrid engineer, we mixed Spanish and English and it went well.", "Managing people across languages is part of the lead role I want.", "Ask two peers for written feedback on my leadership for the January review."),
   (2, [0], "Wrote the rollback runbook with Sam.", "Writing it forced us to agree on who decides to roll back.", "Next: run a drill with the runbook so people trust it.")]),
 (["Finish my master's thesis chapter on soil salinity by April | my funding ends in summer | literature review; run the field data analysis; send chapter to supervisor ; research writing, statistics",
   "Present a poster at the regional agronomy conference in June | first time showing my work publicly | abstract submission; poster draft; practice the 3-minute pitch ; presenting",
   "Sleep at least seven hours on weeknights | I'm burned out | ; wellbeing"],
  [(0, [], "Ran the regression on the field data. The salinity effect is smaller than the literature says.", "I was disappointed at first, but maybe that's the interesting finding.", "Write up the results section and ask my supervisor if the smaller effect is a problem."),
   (1, [], "Submitted the abstract for the conference.", "Writing 250 words about two years of work was harder than writing a chapter.", "Start the poster draft with just three figures."),
   (2, [], "Stayed up until 2am again writing.", "I'm less productive the day after, so it doesn't even help the thesis.", "Laptop off at 11, set a phone reminder."),
   (1, [0], "Practised the 3-minute pitch with my lab mates. They got lost at the salinity index.", "I use jargon without noticing.", "Replace the index name with plain words and practise again on Friday."),
   (2, [], "feeling really anxious all week, couldn't focus", "the anxiety is mostly from being tired i think", "seven hours minimum, and a walk at lunch"),
   (0, [], "Finished the literature review section. My supervisor said it reads like a list.", "I summarise papers one by one instead of comparing them.", "Reorganise it by argument, not by paper.")]),
 (["Close three new wholesale accounts in the northern region by end of Q2 | sales target | list 20 prospects; book 10 visits; send proposals ; sales, negotiation",
   "Improve my negotiation with large buyers | I give discounts too quickly | role-play with my manager ; negotiation",
   "Set up a customer feedback survey for existing accounts by May | we don't know why accounts churn | draft questions; pilot with 5 customers ; customer research"],
  [(0, [], "Visited four prospects in the north this week, one wants a proposal.", "Cold visits work better than email for these shops.", "Send the proposal by Monday and book the remaining visits."),
   (1, [0], "The big supermarket buyer asked for 15% off and I offered 10% immediately.", "I panicked at the silence and filled it with a discount.", "Role-play the price conversation with my manager before the next meeting."),
   (2, [], "Drafted the survey questions, 14 of them.", "Too many; nobody will finish it.", "Cut to 6 questions and pilot with 5 customers next week."),
   (1, [], "Did the role-play with my manager. I held my price for the first time.", "Preparing the walk-away point beforehand made the difference.", "Write my walk-away number on a card for every real negotiation."),
   (0, [2], "Closed the first wholesale account! A bakery chain in the north.", "They mentioned they left their old supplier because nobody asked for feedback.", "Two more accounts to go; also ask them to join the survey pilot.")]),
 (["Get my nursing license transferred to the UK by October | I want to work in the NHS | IELTS 7; submit NMC application; OSCE exam ; english, clinical skills",
   "Train two new nurses on the ward's medication system | onboarding is chaotic | write a checklist; shadow shifts ; training, patience",
   "Handle conflict with the night shift supervisor calmly | we argue about handovers | ; conflict resolution"],
  [(0, [], "Got 6.5 in IELTS writing, need 7.", "My essays lose marks on structure, not vocabulary.", "Practise one essay a day using the paragraph template my tutor gave me, retake in August."),
   (2, [], "The supervisor criticised my handover in front of patients.", "I felt humiliated and answered back, which made it worse.", "Ask for a private talk and propose a written handover sheet."),
   (1, [], "Shadow shift with Amina, the new nurse. She mixed up two dosage screens.", "The system is confusing even for me; a checklist would help.", "Write the checklist this weekend and test it with her on Tuesday."),
   (2, [1], "Proposed the written handover sheet to the supervisor and she agreed to try it.", "Talking privately was much better than arguing at the desk.", "Use the same sheet to teach the new nurses handovers."),
   (0, [], "Booked the OSCE exam date.", "Scared, but it makes the move real.", "Practise the clinical stations with my friend who passed last year.")]),
 (["Launch the mobile app beta to 100 users by August | validate the product | finish onboarding flow; recruit testers; crash reporting ; product management",
   "Raise a pre-seed round of $300k by December | we run out of money next year | pitch deck; 20 investor meetings ; fundraising, storytelling",
   "Hire our first engineer by September | I can't build everything alone | write the job post; interview 5 candidates ; hiring"],
  [(1, [], "Pitched to three angel investors. Two said the market slide was unconvincing.", "I have the numbers but I present them like a spreadsheet.", "Rework the market slide into one clear number and a customer story."),
   (2, [], "Interviewed two candidates for the engineer role.", "I talked more than they did, I was selling instead of listening.", "Prepare five questions and let them talk 70% of the time."),
   (0, [], "Finished the onboarding flow, testers can now sign up alone.", "It took three weeks longer than planned because I kept polishing.", "Recruit testers from the waitlist, aim for 40 this month."),
   (1, [0], "An investor asked how many beta users we have. I said 'soon 100'.", "Without the beta numbers the pitch is weak. The beta is the real fundraising work.", "Focus this month on the beta, pause investor meetings until August."),
   (2, [], "Sent the offer to Linh, she accepted!", "Relief. I doubted anyone would join a company this small.", "Plan her first two weeks so she is not lost.")]),
 (["Pass my driving test before the winter | I need to visit clients outside the city | 20 lessons; mock test ; driving",
   "Organise the team's offsite in Lisbon in October | team hasn't met in person in a year | pick venue; agenda; budget approval ; organising, budgeting",
   "Write weekly status updates that my director actually reads | my updates get ignored | ; writing, communication"],
  [(1, [], "Got budget approval for the offsite, but 20% less than I asked.", "I'll need to cut the dinner or the activity.", "Compare two venues with the smaller budget and decide by Friday."),
   (2, [], "My director replied to my status update for the first time!", "I put the one decision I needed at the top, in bold.", "Keep the decision-first format, and limit updates to five bullets."),
   (0, [], "Mock test: failed on roundabouts.", "I hesitate too long and the examiner marked it as a risk.", "Ask my instructor for two lessons focused only on roundabouts."),
   (1, [2], "Shared the offsite agenda draft, people asked for more free time.", "I overplanned it like a conference.", "Cut two sessions, add a free afternoon, send the update to the director with the change at the top."),
   (0, [], "Twelve lessons done, I finally feel calm on the motorway.", "The calm came from repetition, not from reading theory.", "Book the real test for November.")]),
 (["Migrate the reporting database to PostgreSQL by end of Q3 | the old server is unsupported | schema mapping; test migration; cutover plan ; databases, planning",
   "Present the migration plan to the architecture board in July | I need their sign-off | draft the proposal; get feedback from Omar; board meeting ; presenting, persuasion",
   "Improve my SQL window functions | our reports need them | finish the course; rewrite three reports ; SQL"],
  [(0, [], "Test migration of the reporting schema ran overnight; 3 tables failed on date types.", "The old server stores dates as strings in two formats.", "Write a conversion script and rerun the test migration next week."),
   (1, [0], "Omar read my proposal for the board and said it's too technical.", "The board cares about risk and cost, not table mappings.", "Add a one-page risk and cost summary at the start before the July meeting."),
   (2, [], "Rewrote the monthly sales report with window functions, it went from 200 lines to 60.", "I finally understood partition by, by using it on real data.", "Two more reports to rewrite, the churn one next."),
   (1, [], "The board meeting went well, they approved with one condition: a rollback plan.", "Preparing answers for the hardest questions paid off.", "Write the rollback plan this week."),
   (0, [1], "Wrote the cutover plan with a rollback step, as the board asked.", "The rollback plan made me see the cutover weekend is too tight.", "Move the cutover by one week and tell the team.")]),
]


def parse_goal(spec: str) -> dict:
    title, why, rest = (p.strip() for p in spec.split("|"))
    miles, skills = (p.strip() for p in rest.split(";", 0)[0].rsplit(";", 1)) if ";" in rest else (rest, "")
    return {"title": title, "why": why,
            "milestones": [m.strip() for m in miles.split(";") if m.strip()],
            "skills": [s.strip() for s in skills.split(",") if s.strip()]}


def main() -> None:
    out = Path(__file__).with_name("reflections.jsonl")
    with out.open("w", encoding="utf-8") as handle:
        for n, (goals, refls) in enumerate(M, start=1):
            parsed = [parse_goal(g) for g in goals]
            for k, (goal, also, what, so_what, now_what) in enumerate(refls, start=1):
                handle.write(json.dumps({"id": f"t{n:02d}-r{k}", "mentee": f"t{n:02d}", "goals": parsed,
                                         "what": what, "so_what": so_what, "now_what": now_what,
                                         "goal": goal, "also_goals": also, "guidance": []}) + "\n")


if __name__ == "__main__":
    main()
