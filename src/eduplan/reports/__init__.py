"""Reports: one document model (`model.Report`) rendered to Word, PDF and Excel."""
