"""Models behind one door: the sentence embedder and the spaCy pipeline."""

from coach.nlp.embedder import Embedder, SentenceTransformerEmbedder
from coach.nlp.models import get_embedder, get_nlp, spacy_model_name

__all__ = ["Embedder", "SentenceTransformerEmbedder", "get_embedder", "get_nlp", "spacy_model_name"]
