"""Writes goals.jsonl: goal statements with specific / measurable / time-bound labels, written and
labelled by the journey engineer (training only; never reported as a quality figure).

Definitions (issue 12): SPECIFIC = says what, in which area or context, concretely. MEASURABLE = at
the deadline a person could tell whether it was met: numbers, counts, named deliverables ("publish
one post", "get the certification"), observable events ("lead the retro twice", "give the talk at
the all-hands"), ratings by others; vague verbs with no observable end ("get better at",
"understand", "be more confident") are not measurable unless paired with one of those. TIME-BOUND =
a date, a period or a clear event deadline ("by the January review"); "soon" is not one.
Mentee style on purpose: lower case, typos, fragments, non-native phrasing, near pairs that differ
in one property. Line format: S M T flags (0/1), then the goal.
"""
import json
from pathlib import Path

GOALS = """
111 give a 10 min talk about our test automation at the all-hands in march
110 give a 10 min talk about our test automation at the all-hands
011 give a talk by march
010 give two talks
101 get better at explaining our test automation to product managers by march
100 get better at explaining our test automation to product managers
001 get better at talking in public this year
000 get better at public speaking
111 pass the AWS solutions architect associate exam before end of Q2
110 pass the aws solutions architect associate exam
011 get a cloud certification by june
010 get a certification
101 understand aws networking (vpc, peering, transit gateway) by the end of the quarter
100 really understand how aws networking works, vpcs and peering
001 learn cloud stuff this semester
000 learn more about the cloud
111 publish 2 blog posts on the company engineering blog about our migration by september 30
110 publish two posts on the engineering blog about our postgres migration
011 write 2 posts by september
010 write two posts
101 improve my technical writing for the engineering blog by september
100 improve my technical writing for the engineering blog
001 write better by autumn
000 be a better writer
111 lead two sprint retrospectives for the payments team this quarter
110 lead the payments team retro twice
011 lead 2 meetings this quarter
010 run a meeting once
101 be more confident facilitating the payments team retros this quarter
100 feel more confident when i facilitate retros for the payments team
001 be more confident in meetings by summer
000 be more confident
111 reduce failed deployments of the checkout service to under 5% by end of year
110 reduce failed deployments of the checkout service below 5 percent
011 get failures under 5% by december
010 cut errors in half
101 make checkout deployments more reliable by december
100 make our checkout deploys more stable
001 fix things by december
000 make things better at work
111 reach B1 in spanish (DELE exam) before december 2027
110 pass the DELE B1 spanish exam
011 reach b1 by next year
010 get to level b1
101 improve my spanish for talking with the madrid team by december
100 improve my spanish for the madrid team calls
001 learn a language in 2027
000 learn spanish someday
111 get promoted to senior nurse at the january review
110 get promoted to senior nurse
011 get promoted by january
010 get the promotion
101 grow into the senior nurse role before the january review
100 grow as a nurse on the cardiology ward
001 grow in my career this year
000 grow in my career
111 close 3 new wholesale accounts in the northern region by end of Q3
110 close three new wholesale accounts in the north region
011 sign 3 clients by q3
010 sign three new clients
101 get stronger at prospecting wholesale shops in the north by q3
100 get stronger at prospecting wholesale shops in the north
001 sell more before q3
000 sell more
111 interview 5 users of the mobile app and write a one page summary by 15 may
110 interview five app users and share a 1 page summary with the team
011 do 5 interviews by may
010 do five interviews
101 learn how our mobile users really use the app before may
100 learn how our users actually use the mobile app
001 do research before may
000 know our users better
111 mentor one junior engineer through their first on-call rotation in october
110 mentor one junior engineer through their first on call week
011 mentor someone in october
010 mentor two people
101 support the juniors on our team with on-call during october
100 support the junior engineers on on-call
001 help people this fall
000 help others more
111 get my manager to rate my stakeholder updates 4/5 or higher in the h2 review
110 my manager rates my status updates at least 4 out of 5
011 get a good rating by the h2 review
010 get 4/5 from my manager
101 write clearer status updates for my director by the h2 review
100 write clearer weekly status updates for my director
001 communicate better by h2
000 communicate better
111 finish the literature review chapter of my thesis and send it to my supervisor by 1 february
110 send the literature review chapter to my supervisor
011 finish a chapter by february
010 finish a chapter
101 deepen my understanding of soil salinity research for the thesis before february
100 deepen my understanding of the soil salinity papers for my thesis
001 study harder until february
000 study more
111 run a 10k race in under 60 minutes at the city run in october
110 run the 10k in under an hour
011 run a race in october
010 run three races
101 build up my running fitness for the city 10k in october
100 build up my running for the 10k
001 get fit by october
000 get fit
111 hire our first backend engineer by 1 september 2027
110 hire our first backend engineer
011 hire someone by september
010 hire one person
101 get better at interviewing backend candidates by september
100 get better at interviewing backend engineering candidates
001 work on hiring this summer
000 work on hiring
111 present the reporting migration plan to the architecture board at the july meeting
110 present the reporting migration plan to the architecture board
011 present something in july
010 present twice
101 prepare myself to talk with the architecture board about the migration before july
100 be more strategic with the architecture board about the migration
001 be more strategic before july
000 be more strategic
111 get IELTS writing 7.0 on the retake in august
110 score 7 in ielts writing
011 get a 7 by august
010 get a better score
101 improve my ielts essay structure before the august retake
100 improve my essay structure for the ielts writing part
001 practice english before august
000 practise english
111 launch the app beta to 100 testers from the waitlist by end of august
110 launch the beta to 100 testers from our waitlist
011 launch by august
010 launch it
101 make the beta onboarding smoother for waitlist testers by august
100 make onboarding smoother for the beta testers
001 ship faster this summer
000 ship faster
111 ask 3 peers for written feedback on my leadership before the january review
110 collect written feedback on my leadership from three peers
011 ask for feedback 3 times before january
010 ask for feedback three times
101 be more open to feedback on my leadership before january
100 be more open to feedback about how i lead the team
001 be open to feedback this quarter
000 be more open
111 organise the team offsite in lisbon for 20 people in october within the approved budget
110 organise the lisbon offsite for the 20 people in our team within the budget
011 organise an event in october
010 organise one event
111 say no to at least one extra request every week this month and log it
110 turn down one extra request each week and keep a log
101 get better at saying no to extra review requests this month
100 get better at saying no to extra work
001 protect my time this month
000 have better boundaries
111 sleep 7 hours on at least 5 weeknights a week for the next 8 weeks
110 sleep at least seven hours five nights a week
011 sleep more for 8 weeks
001 sleep better for the next two months
000 sleep better
111 negotiate a 10% raise in my salary review in april
110 ask for a 10 percent raise with a written case of what i delivered
011 negotiate by april
010 have the salary conversation once
101 prepare to negotiate my salary confidently before april
100 feel comfortable negotiating my salary
111 migrate the reporting database to postgresql with zero data loss by 30 june
110 migrate the reporting db to postgres, all 40 tables, with zero data loss
101 modernise the reporting database before the end of june
100 modernise our reporting database setup
111 transfer my nursing licence to the UK (NMC registration) by october 2027
110 get my NMC registration so my nursing licence is valid in the uk
101 prepare for working as a nurse in the uk before october 2027
100 get ready for the move to the uk as a nurse
111 pass my driving test before winter
110 pass the driving test
011 pass a test before winter
101 get comfortable on roundabouts before the driving test in november
100 get comfortable driving on roundabouts
111 grow the newsletter for our cooperative to 500 subscribers by the end of 2027
110 get 500 people to subscribe to the cooperative newsletter
101 grow the cooperative's newsletter audience in 2027
100 grow the newsletter audience for the cooperative
111 shadow two shifts in the ICU by the end of next month
110 shadow two icu shifts
101 learn how the icu team works before next month ends
100 understand how the icu team works
111 get the PMP certification by december 31
110 get my pmp
101 strengthen my project management skills by december
100 strengthen my project management
011 finish 3 courses by december
001 do courses this year
111 raise a 300k pre-seed round before december
110 raise 300k in pre-seed funding
101 get investors interested in our startup by december
100 become more visible to investors
111 co-author one paper with my supervisor and submit it to the soil science journal by may 2027
110 submit a paper to the soil science journal
101 become part of the soil science research community by may 2027
100 become part of the research community in soil science
111 deliver the q3 budget forecast to the finance director by 15 september
110 deliver the q3 budget forecast to the finance director
101 understand the budget process with finance by september
100 understand how budgeting works with finance
111 speak up at least once in every design critique for the next 6 weeks
110 ask one question in every design critique
101 speak up more in design critiques over the next six weeks
100 speak up more in design critiques
111 move into a data analyst role on the analytics team before the end of 2027
110 switch into a data analyst role
101 move toward data analysis work before the end of 2027
100 move toward more data work
111 write an on-call cheat sheet with lena and publish it on the wiki by thursday
110 write the on-call cheat sheet with lena and put it on the wiki
111 have 6 coffee chats with people in other departments by the end of the quarter
110 have six coffee chats with people from other departments
101 network more with other departments this quarter
100 network with other departments
111 attend all 8 weekly spanish conversation classes this term
110 attend the 8 spanish conversation classes
111 cut the monthly report run time from 2 hours to 20 minutes by next sprint
110 cut the report run time from 2 hours to 20 min
101 speed up the monthly report by next sprint
100 speed up the monthly report
111 get the customer satisfaction score for my accounts above 8 in the december survey
110 customers rate my accounts above 8 in the satisfaction survey
011 hit a score of 8 by december
101 make my customers happier before december
100 make my customers happier
"""

if __name__ == "__main__":
    out = Path(__file__).with_name("goals.jsonl")
    rows = []
    for n, line in enumerate(GOALS.strip().splitlines(), start=1):
        flags, text = line.split(" ", 1)
        s, m, t = (c == "1" for c in flags)
        rows.append({"id": f"jt-g{n:03d}", "text": text, "specific": s, "measurable": m, "time_bound": t})
    out.write_text("".join(json.dumps(r) + "\n" for r in rows))
    print(f"wrote {len(rows)} goals to {out}")
