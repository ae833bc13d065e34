"""Guidance: search and browse the library; mentors and facilitators add documents."""

from __future__ import annotations

import streamlit as st

from coach.access import can_manage_guidance
from coach.guidance.parsers import SUPPORTED
from ui.state import context, current_actor
from ui.widgets import progress_callback, shows_errors

st.title("Guidance library")
service = context().guidance
actor = current_actor()

docs = service.list_documents()
search_tab, browse_tab, add_tab = st.tabs(["Search", "Browse", "Add documents"])

with search_tab:
    with st.form("guidance-search", border=False):
        query = st.text_input("What do you want help with?",
                              placeholder="e.g. my mentor keeps cancelling our calls")
        left, mid, right = st.columns([1, 2, 2])
        k = left.number_input("Results", min_value=1, max_value=20, value=5)
        tags = mid.multiselect("Only these tags", service.tags())
        sources = right.multiselect("Only these documents", [d.title for d in docs])
        submitted = st.form_submit_button("Search", type="primary")
    if submitted:
        by_title = {d.title: d.source for d in docs}
        with shows_errors(), st.spinner("Searching…"):
            hits = service.search(query, k=int(k), tags=tags or None,
                                  sources=[by_title[s] for s in sources] or None)
            if not hits:
                st.info("No passages matched. Try other words, or remove the filters.")
            for hit in hits:
                with st.container(border=True):
                    st.markdown(f"**{hit.rank}. {hit.title}**")
                    st.caption(f"{hit.document} · {hit.source} · `{hit.passage_id}` · "
                               f"tags: {', '.join(hit.tags) or '—'} · score {hit.score:.4f}")
                    st.markdown(hit.text)

with browse_tab:
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
            if not doc.is_default and actor is not None and can_manage_guidance(actor):
                if st.button("Remove this document", key=f"remove-{doc.id}"):
                    with shows_errors():
                        service.remove(actor, doc.source)
                        st.rerun()

with add_tab:
    if actor is None or not can_manage_guidance(actor):
        st.info("Mentors and facilitators can add documents. Pick a mentor or facilitator in "
                "**Who am I?** in the sidebar.")
    else:
        st.write(f"Add your program's own material ({', '.join(SUPPORTED)}). Re-adding a file "
                 "with the same name updates it.")
        with st.form("guidance-add", clear_on_submit=True):
            files = st.file_uploader("Documents", accept_multiple_files=True,
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
