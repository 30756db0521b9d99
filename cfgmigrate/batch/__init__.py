"""Campaigns: one set of packs applied to many repositories, a report and a patch for each.

``sources`` turns what the user typed into named repositories, ``checkout`` gets each one onto
disk (a shallow clone for a URL), ``job`` migrates one repository through the library API,
``schedule`` runs the jobs with retries and a per-repository timeout on a backend (``local``
worker processes or ``ray_backend`` tasks), and ``outputs`` writes the folder a campaign leaves
behind, from which ``campaign`` also resumes.
"""

from __future__ import annotations

from cfgmigrate.batch.campaign import Campaign, run_campaign

__all__ = ["Campaign", "run_campaign"]
