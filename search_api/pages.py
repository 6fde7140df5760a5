"""HTML routes (placeholder until the pages land)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
