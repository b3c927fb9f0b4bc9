"""Signals other apps listen to about people."""

from django.dispatch import Signal

# Sent inside the merge's transaction, before the dropped record is deleted, with `keep` and `drop`
# (Person instances): records that know a person other than by a foreign key follow the merge.
person_merged = Signal()
