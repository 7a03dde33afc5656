"""Content packs: the loader of ``pack.json`` folders and the bundled French demo pack."""

from .pack import DEMO_PACK_DIR, FRAMEWORK_COMPETENCES, MEDIA_TYPES, ContentPack, PackError, load_pack

__all__ = ["DEMO_PACK_DIR", "FRAMEWORK_COMPETENCES", "MEDIA_TYPES", "ContentPack", "PackError", "load_pack"]
