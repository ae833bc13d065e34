"""coach: the Streamlit app. A thin router: who is signed in (COACH_AUTH), and which pages their role gets."""

from __future__ import annotations

import streamlit as st

from ui.auth import mode as auth_mode
from ui.auth import sidebar as auth_sidebar
from ui.auth import sign_in_form, signed_in_actor, sync_cookie
from ui.state import context, scope_to_person, settle_after_switch

st.set_page_config(page_title="coach", page_icon=":material/psychology:", layout="wide")

everyone = [
    st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("app_pages/guidance.py", title="Guidance", icon=":material/menu_book:"),
    st.Page("app_pages/my_data.py", title="Your data", icon=":material/folder_shared:"),
]
# Pages of each role; a capability's pages appear here when it is built.
check_page = st.Page("app_pages/check_feedback.py", title="Check feedback", icon=":material/rate_review:")
settings_page = st.Page("app_pages/program_settings.py", title="Checker settings",
                        icon=":material/tune:")
goals_page = st.Page("app_pages/my_goals.py", title="My goals", icon=":material/flag:")
reflect_page = st.Page("app_pages/reflect.py", title="Reflect", icon=":material/edit_note:")
progress_page = st.Page("app_pages/checkins_progress.py", title="Check-ins & progress",
                        icon=":material/event:")
mentees_page = st.Page("app_pages/my_mentees.py", title="My mentees", icon=":material/groups:")
matching_page = st.Page("app_pages/matching.py", title="Matching", icon=":material/join_inner:")
dashboard_page = st.Page("app_pages/program_dashboard.py", title="Program dashboard",
                         icon=":material/monitoring:")
themes_page = st.Page("app_pages/themes.py", title="Themes", icon=":material/bubble_chart:")
admin_page = st.Page("app_pages/admin.py", title="People & access", icon=":material/admin_panel_settings:")
role_pages: dict[str, list] = {
    "mentee": [goals_page, reflect_page, progress_page],
    "mentor": [mentees_page, check_page],
    "facilitator": [dashboard_page, themes_page, check_page, settings_page, matching_page],
    "admin": [admin_page, dashboard_page, themes_page, check_page, settings_page, matching_page],
}

context()  # open the database (and run migrations) before anything else
actor = signed_in_actor()
with st.sidebar:
    auth_sidebar(actor)
    if auth_mode() == "demo":
        scope_to_person()  # a new person starts with a clean session: nothing of the previous one
sync_cookie()

if actor is None and auth_mode() != "demo":
    sections: dict[str, list] = {"": [st.Page(sign_in_form, title="Sign in", icon=":material/login:",
                                              url_path="sign-in", default=True)]}
else:
    sections = {"": everyone}
    if actor is not None and role_pages.get(actor.role):
        sections[f"As {actor.role}"] = role_pages[actor.role]
st.session_state["_coach_pages"] = [page.title for pages in sections.values() for page in pages]
navigation = st.navigation(sections)
settle_after_switch()  # after a switch of person or role: one run without page widgets
navigation.run()
