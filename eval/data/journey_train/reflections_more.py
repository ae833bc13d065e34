# ruff: noqa: E501  (data file: one goal or reflection per line)
"""Writes reflections_more.jsonl: 40 more training reflections for the goal linker (10 mentees, 4
each), written and labelled by the journey engineer in session 4. Training only; never a quality
figure. Written to cover the misses issue 12 names, in domains of our own: two goals on one project
or theme in every mentee; a reflection that names one goal's project in passing but is about
another; a "now what" naming another goal's milestone; a goal never named, only its milestone or
skill; reflections mostly about feelings that still serve one goal. `goal` is what a careful reader
decides the reflection is mainly about. Same compact form as make.py.
"""
import json
from pathlib import Path

M = [
 (["Present the new vaccination reminder workflow to the clinic partners in March | reminders are missed and pets fall behind | build the 6 slide deck; rehearse with the practice manager ; presenting",
   "Write the vaccination reminder SOP for the front desk | every receptionist does it differently | draft the SOP; test it for two weeks with the front desk ; writing, process design",
   "Handle upset pet owners at the desk without freezing | I go blank when people shout | role-play with my mentor ; de-escalation"],
  [(1, [0], "Spent Friday watching how Dana and Li send the vaccination reminders. Dana calls, Li texts, nobody logs it.", "The partners' slides can wait, the real problem is that there is no single way of doing it.", "Write the first draft of the SOP with one logging step for everyone."),
   (0, [], "Did a practice run of the partner presentation with the practice manager.", "She said the numbers slide comes too late, the partners only care about missed revenue.", "Move the missed-revenue slide to the front and cut the process detail."),
   (2, [], "A man shouted at me because his dog's booster was overdue and we never called. I just stood there.", "I felt ashamed, even though it was the system's fault, not mine.", "Role-play that exact situation with my mentor on Thursday."),
   (1, [], "The front desk tried the new steps for a week.", "Two steps were confusing, people skipped the log when the phone was busy.", "Shorten the log to one checkbox and run the two-week test again.")]),
 (["Ship the offline mode for the field inspection app by end of Q2 | inspectors lose data in basements | design the sync queue; beta with 5 inspectors ; mobile development, sqlite",
   "Write a technical blog post about our offline sync design | we learned a lot and want to hire | outline; draft; review with the CTO ; technical writing",
   "Mentor our new junior developer Oskar through his first release | he's shy and won't ask questions | weekly pairing; he ships one feature alone ; mentoring"],
  [(2, [0], "Paired with Oskar on the sync queue. He had a bug for two days and didn't tell anyone.", "The offline work is just the setting, what worries me is that he doesn't ask for help.", "Tell him in our next pairing that asking early is part of the job, and check in daily this week."),
   (0, [], "Beta started with five inspectors. One lost a whole report when the app crashed during sync.", "The queue survives restarts but not crashes mid-write.", "Wrap each write in a transaction and send a new build to the beta group."),
   (1, [], "Wrote the outline: why offline, the queue, conflicts, what we'd do differently.", "Writing it down showed me we never explained the conflict rules to ourselves either.", "Draft the conflicts section first, it's the interesting part, and send it to the CTO."),
   (0, [2], "Inspectors in the basement of the hospital site could finish all reports offline today.", "First real proof it works. Oskar's retry logic held up too.", "Fix the last two sync edge cases before the Q2 release.")]),
 (["Get my chartered accountant exam (paper 3) passed in June | needed for the senior role | finish the revision course; 3 mock exams ; tax, accounting",
   "Apply for the senior accountant role when it opens in July | more responsibility and pay | update CV; ask my manager for a reference ; career",
   "Stop working past 8pm more than once a week | my health is suffering | track hours; tell the team my cut-off ; boundaries"],
  [(0, [1], "Got 58% on the first mock exam. Consolidations were a disaster.", "The senior role needs the paper anyway, but honestly this is about consolidations, I never practised them.", "Do 10 consolidation questions from the revision course this week."),
   (2, [], "Worked until 10pm three nights in a row during month end.", "I was exhausted and snapped at my partner.", "Tell the team my cut-off is 8pm and log my hours for the next two weeks."),
   (1, [], "My manager said she would be happy to give me a reference.", "She also said I should show I can review other people's work, not only do my own.", "Update my CV with the two reviews I led and ask to review the junior's reconciliations."),
   (2, [0], "I felt guilty leaving at 7 while others stayed, even though I studied at home after.", "Nobody said anything. The guilt is mine, not theirs.", "Keep leaving at 7 on study days and see if anything actually goes wrong.")]),
 (["Run the school choir concert at the town hall in December | the kids have never performed outside school | book the hall; 8 rehearsals ; choir direction, event planning",
   "Get the grade 8 violin certificate | I stopped at grade 7 years ago | practise 30 minutes daily; mock exam with my old teacher ; violin",
   "Get parents more involved in the music program | only three parents help | parent newsletter; volunteer sign-up sheet ; communication"],
  [(2, [0], "Sent the first parent newsletter with the concert date. Nine parents replied wanting to help.", "The concert was only the hook; what I learned is that parents help when asked for something concrete.", "Make a sign-up sheet with concrete tasks: costumes, chairs, tickets."),
   (0, [], "Rehearsal four. The altos keep coming in late in the second song.", "I think they can't hear the piano from the back row.", "Move the altos to the front for the next rehearsal and book the hall for a sound check."),
   (1, [], "Practised only twice this week, exam pieces sound worse than last month.", "I'm scared I'm too old to get back to that level.", "Practise 30 minutes every morning before school, starting Monday, and book the mock exam."),
   (1, [], "My old teacher listened to the Bach and said my intonation in the high positions is off.", "It was hard to hear, but she's right, I avoid those passages.", "Slow practice of the high passages with a tuner every day until the mock exam.")]),
 (["Move the warehouse to the new scanning system by September | paper picking lists cause errors | train 4 shift leads; run a pilot on the night shift ; logistics, training",
   "Cut picking errors below 1% this year | customers complain about wrong orders | measure errors weekly; fix the top 3 causes ; operations, data",
   "Become a shift manager | I want to lead, not only do | ask my manager for the criteria; lead the Monday meeting ; leadership"],
  [(1, [0], "Counted errors for the week: 2.3%, most of them in the frozen section.", "The scanners will help later, but the frozen section problem is about labels that frost over.", "Try laminated labels in the frozen section and count again next week."),
   (0, [], "Trained the first two shift leads on the scanners. One of them refused to use it, said paper is faster.", "I think he's afraid of looking slow in front of his team.", "Train him alone before the night shift pilot so he can practise without an audience."),
   (2, [], "I ran the Monday meeting for the first time. My voice was shaking.", "People listened anyway, and nobody cared about my voice, they wanted the schedule.", "Ask my manager what else I need to show to be considered for shift manager."),
   (0, [1], "The night shift pilot ran for a week with the scanners.", "Errors on the night shift were half the day shift, it finally shows the system works.", "Present the pilot numbers to the day shift leads and plan their training for August.")]),
 (["Defend my master's thesis on river sediment in May | last step of the degree | finish chapter 4; mock defence with my lab ; research, presenting",
   "Publish the sediment sampling method as a short paper | others in the field asked for it | write the method paper; submit to the journal ; scientific writing",
   "Find a job in environmental consulting after graduation | I want applied work, not academia | list 15 firms; 5 informational interviews ; networking"],
  [(2, [0], "Informational interview with a consultant who used to be in my lab. We talked about my thesis for five minutes and jobs for an hour.", "The thesis helps as a topic, but what I needed was to hear how she chose her firm.", "Ask her for two more names and add them to my list of firms."),
   (0, [], "Mock defence with the lab. I couldn't answer the question about why I chose those sampling sites.", "I know the reason, I just never said it out loud.", "Write a one-minute answer for each of the five hardest questions and practise them."),
   (1, [], "Finished the method section and sent it to my co-author.", "It's the first time I write for strangers, not for my supervisor.", "When it comes back, fix the comments and submit to the journal before the defence."),
   (0, [], "I woke up at 4am panicking about the defence again.", "My supervisor says the committee wants me to pass. I still feel like a fraud.", "Finish chapter 4 this week so at least the text is done.")]),
 (["Launch the new sourdough line in both bakeries by April | customers ask for it every week | test 3 recipes; train the bakers ; baking, product development",
   "Hire and train a second shift manager | I work 70 hours a week | write the job ad; interview 5 people ; hiring",
   "Understand my costs per product | I don't know which products make money | set up a cost spreadsheet; review with my accountant ; finance"],
  [(2, [0], "Put the sourdough recipes into the new cost spreadsheet. Flour and the long proofing time make it expensive.", "The launch is exciting, but this is the first time I actually see what a loaf costs me.", "Add the other top ten products to the spreadsheet and review them with my accountant."),
   (1, [], "Interviewed three people for the shift manager job. One was great but wants weekends off.", "I always hire people like me. Maybe that's why nobody stays.", "Interview the last two and ask each what they'd change in the first month."),
   (0, [], "The bakers tried recipe two for a week. The crust is good, the crumb too dense.", "Our oven runs hotter than the recipe expects.", "Lower the temperature by 15 degrees and test again before training the second bakery."),
   (1, [2], "I was so tired on Saturday I burned a whole batch.", "I can't keep doing every early shift myself. That's the whole point of hiring someone.", "Post the job ad again today with the salary in it.")]),
 (["Give a talk on our fraud model at the PyData meetup in October | share the work and build my profile | submit the abstract; 2 rehearsals ; public speaking, machine learning",
   "Bring the fraud model's false positives down by 20% this quarter | the support team drowns in alerts | new features; weekly error review ; machine learning, sql",
   "Work less alone and ask colleagues for input earlier | I sit on problems for days | share drafts early ; collaboration"],
  [(1, [], "Weekly error review: half the false positives this week came from one merchant category.", "The meetup talk can use this later, but the fix is in the features, not in the model.", "Add a merchant-category feature and measure the false positives again next week."),
   (2, [1], "I spent three days on the feature pipeline bug before asking Jonas. He solved it in 20 minutes.", "It's not about the pipeline, it's that I'm embarrassed to ask.", "Post my draft in the team channel after one hour stuck, not three days."),
   (0, [], "Abstract accepted! Did the first rehearsal with two colleagues.", "They said I explained the model well but never said why the audience should care.", "Open with the support team story and rehearse again next week."),
   (0, [], "I'm nervous about the meetup, 80 people signed up.", "My mentor says nobody expects perfection at a meetup, they want honest lessons.", "Add a slide with the things that failed, and do the second rehearsal.")]),
 (["Open the second hotel restaurant for breakfast service by June | guests leave to eat elsewhere | hire 2 cooks; set the menu ; hospitality, planning",
   "Improve our guest review score from 8.1 to 8.6 | reviews drive bookings | reply to every review; fix the top complaint ; customer service",
   "Delegate the daily staff rota to my assistant manager | I spend 6 hours a week on it | show her the tool; she does it alone for a month ; delegation"],
  [(2, [1], "My assistant manager did the rota alone this week. She put two new people on the same shift.", "The reviews will suffer if the desk is weak, but the point is I have to let her learn, not take it back.", "Review the rota with her on Friday instead of fixing it myself."),
   (1, [], "Read all 40 reviews from last month. Breakfast and noise from the street come up most.", "Noise I can fix with the quiet rooms; breakfast needs the second restaurant.", "Reply to every review this week and offer quiet rooms at booking."),
   (0, [], "Tried the breakfast menu with the staff. The eggs took 15 minutes.", "One cook is not enough for 60 covers.", "Hire the second cook before we open in June."),
   (2, [], "I felt anxious all week, checking the rota on my phone at night.", "It's hard to trust someone else with something I've done for years.", "Leave the rota completely to her for the next three weeks.")]),
 (["Translate my first full novel for a publisher by November | move from technical to literary translation | sample chapter; contract; full draft ; literary translation",
   "Raise my technical translation rate by 15% | I've charged the same for 4 years | research market rates; tell my 3 main clients ; business, negotiation",
   "Get a routine that protects my mornings for creative work | clients eat my whole day | no email before 11; weekly plan ; time management"],
  [(1, [0], "Told my biggest client that my rate goes up 15% from next month. They agreed without a discussion.", "The novel gave me the courage, but what I learned is that I priced myself low out of fear.", "Tell the other two main clients the new rate this week."),
   (0, [], "Sent the sample chapter to the publisher. They liked the dialogue, not the descriptions.", "I translate descriptions too literally, the Polish gets heavy.", "Rework the descriptions in chapter one with more freedom and send it back."),
   (2, [0], "No email before 11 for a whole week. I translated 12 pages of the novel in the mornings.", "The mornings are the only time I think clearly, the routine is what makes the novel possible.", "Keep the rule next week and plan client work only in the afternoons."),
   (0, [], "I feel like an impostor next to real literary translators.", "My mentor said the publisher chose my sample over others, so someone thinks I'm good.", "Finish the draft of chapter three before doubting again.")]),
]


def parse_goal(spec: str) -> dict:
    title, why, rest = (p.strip() for p in spec.split("|"))
    miles, skills = (p.strip() for p in rest.rsplit(";", 1)) if ";" in rest else (rest, "")
    return {"title": title, "why": why,
            "milestones": [m.strip() for m in miles.split(";") if m.strip()],
            "skills": [s.strip() for s in skills.split(",") if s.strip()]}


def main() -> None:
    out = Path(__file__).with_name("reflections_more.jsonl")
    n_rows = 0
    with out.open("w", encoding="utf-8") as handle:
        for n, (goals, refls) in enumerate(M, start=1):
            parsed = [parse_goal(g) for g in goals]
            for k, (goal, also, what, so_what, now_what) in enumerate(refls, start=1):
                handle.write(json.dumps({"id": f"u{n:02d}-r{k}", "mentee": f"u{n:02d}", "goals": parsed,
                                         "what": what, "so_what": so_what, "now_what": now_what,
                                         "goal": goal, "also_goals": also, "guidance": []}) + "\n")
                n_rows += 1
    print(f"wrote {n_rows} reflections to {out}")


if __name__ == "__main__":
    main()
