"""Pure models: numbers in, numbers out; no plotting, no widgets, no global random state."""
