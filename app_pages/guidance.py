"""Guidance: search and browse the library; mentors and facilitators add documents."""

from __future__ import annotations

import streamlit as st

from coach.access import can_manage_guidance
from coach.guidance.parsers import SUPPORTED
from ui.highlight import matched_words
from ui.state import context, current_actor, wait_for_models
from ui.widgets import plural, progress_callback, shows_errors

st.title("Guidance library")
service = context().guidance
actor = current_actor()

docs = service.list_documents()
search_tab, browse_tab, add_tab = st.tabs(["Search", "Browse", "Add documents"])

with search_tab:
    with st.form("guidance-search", border=False):
        query = st.text_input("What do you want help with?", key="g_query",
                              placeholder="e.g. my mentor keeps cancelling our calls")
        left, mid, right = st.columns([1, 2, 2])
        k = left.number_input("Results", min_value=1, max_value=20, value=5, key="g_k")
        tags = mid.multiselect("Only these tags", service.tags(), key="g_tags")
        sources = right.multiselect("Only these documents", [d.title for d in docs], key="g_sources")
        submitted = st.form_submit_button("Search", type="primary")
    if submitted:
        by_title = {d.title: d.source for d in docs}
        wait_for_models()
        with shows_errors(), st.spinner("Searching…"):
            hits = service.search(query, k=int(k), tags=tags or None,
                                  sources=[by_title[s] for s in sources] or None)
            if not hits:
                st.info("No passages matched. Try other words, or remove the filters.")
            for hit in hits:
                with st.container(border=True):
                    st.markdown(f"**{hit.rank}. {hit.title}**")
                    shared = matched_words(query, hit.text)
                    why = (f"Uses your words: {', '.join(shared)}" if shared
                           else "Close in meaning to what you asked (no shared keywords)")
                    st.caption(f"{why} · from {hit.document or hit.source}"
                               + (f" · tags: {', '.join(hit.tags)}" if hit.tags else ""))
                    st.markdown(hit.text)

with browse_tab:
    if "flash_guidance" in st.session_state:
        st.success(st.session_state.pop("flash_guidance"))
    st.caption(f"{len(docs)} documents, {sum(d.passages for d in docs)} passages.")
    by_doc: dict[int, list] = {}
    for passage in service.passages():
        by_doc.setdefault(passage.document_id, []).append(passage)
    for doc in docs:
        label = f"{doc.title} · {doc.passages} passages" + (" · default library" if doc.is_default else "")
        with st.expander(label):
            for passage in by_doc.get(doc.id, []):
                st.markdown(f"**{passage.title}** `{passage.key}`")
                st.markdown(passage.text)
            if actor is not None and not doc.is_default and service.can_remove(actor, doc):
                if st.session_state.get("confirm_remove") == doc.id:
                    st.warning(f"Remove “{doc.title}” and its {plural(doc.passages, 'passage')} "
                               "from the library for everyone?")
                    yes, no, _ = st.columns([1, 1, 3])
                    if yes.button("Yes, remove", type="primary", key=f"remove-yes-{doc.id}"):
                        with shows_errors():
                            removed = service.remove(actor, str(doc.id))
                            st.session_state.pop("confirm_remove", None)
                            st.session_state["flash_guidance"] = (
                                f"Removed “{removed.title}” and its "
                                f"{plural(removed.passages, 'passage')}.")
                            st.rerun()
                    if no.button("Cancel", key=f"remove-no-{doc.id}"):
                        st.session_state.pop("confirm_remove", None)
                        st.rerun()
                elif st.button("Remove this document…", key=f"remove-{doc.id}"):
                    st.session_state["confirm_remove"] = doc.id
                    st.rerun()

with add_tab:
    if actor is None or not can_manage_guidance(actor):
        st.info("Mentors and facilitators can add documents. Pick a mentor or facilitator in "
                "**Who am I?** in the sidebar.")
    else:
        st.write(f"Add your program's own material ({', '.join(SUPPORTED)}). Re-adding a file "
                 "with the same name updates it.")
        with st.form("guidance-add", clear_on_submit=True):
            files = st.file_uploader("Documents", accept_multiple_files=True, key="g_files",
                                     type=[s.lstrip(".") for s in SUPPORTED])
            add = st.form_submit_button("Add documents", type="primary")
        if add:
            if not files:
                st.warning("Choose one or more files first.")
            else:
                with shows_errors():
                    bar, update = progress_callback("Adding documents")
                    items = [(f"upload:{f.name}", f.name, f.getvalue()) for f in files]
                    results = service.add_documents(actor, items, progress=update)
                    bar.empty()
                    for r in results:
                        st.success(f"{r.title}: {r.status}, {r.passages} passages")
