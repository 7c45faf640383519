// Texts of the jobs, settings and change-history pages.
export const en = {
  resources: {
    jobs: {
      name: 'Job |||| Jobs',
      fields: {
        type: 'Job',
        status: 'Status',
        progress: 'Progress',
        errorCount: 'Errors',
        createdAt: 'Started',
        createdBy: 'By',
        startedAt: 'Running since',
        finishedAt: 'Finished',
        result: 'Result',
        ref: 'Where',
        message: 'Error',
      },
      status: { queued: 'Queued', running: 'Running', succeeded: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' },
      types: {
        platform_maintenance: 'Maintenance',
        catalog_import: 'Catalog import',
        catalog_export: 'Catalog export',
        search_reindex: 'Search index rebuild',
      },
      cancel: 'Cancel job',
      cancel_requested: 'Cancellation requested.',
      download_errors: 'Download error report',
      error_report: 'Error report',
      no_errors: 'No errors.',
      failed_no_details: 'The job failed without details.',
      open_job: 'Open the job',
      result_fields: { created: 'Created', updated: 'Updated', unchanged: 'Unchanged', failed: 'Failed', rows: 'Rows', total: 'Total', count: 'Count' },
    },
    settings: {
      name: 'Setting |||| Settings',
      saved: 'Setting saved',
      modules: { platform: 'Platform', security: 'Security', catalog: 'Catalog', search: 'Search' },
    },
    changes: {
      name: 'Change history |||| Change history',
      fields: { at: 'When', actor: 'Who', entityType: 'Record kind', entityId: 'Record', operation: 'What' },
    },
  },
};

export const de = {
  resources: {
    jobs: {
      name: 'Auftrag |||| Aufträge',
      fields: {
        type: 'Auftrag',
        status: 'Status',
        progress: 'Fortschritt',
        errorCount: 'Fehler',
        createdAt: 'Gestartet',
        createdBy: 'Von',
        startedAt: 'Läuft seit',
        finishedAt: 'Beendet',
        result: 'Ergebnis',
        ref: 'Wo',
        message: 'Fehler',
      },
      status: { queued: 'Wartend', running: 'Läuft', succeeded: 'Erfolgreich', failed: 'Fehlgeschlagen', cancelled: 'Abgebrochen' },
      types: {
        platform_maintenance: 'Wartung',
        catalog_import: 'Katalogimport',
        catalog_export: 'Katalogexport',
        search_reindex: 'Suchindex neu aufbauen',
      },
      cancel: 'Auftrag abbrechen',
      cancel_requested: 'Abbruch angefordert.',
      download_errors: 'Fehlerbericht herunterladen',
      error_report: 'Fehlerbericht',
      no_errors: 'Keine Fehler.',
      failed_no_details: 'Der Auftrag ist ohne Angaben fehlgeschlagen.',
      open_job: 'Auftrag öffnen',
      result_fields: { created: 'Angelegt', updated: 'Geändert', unchanged: 'Unverändert', failed: 'Fehlgeschlagen', rows: 'Zeilen', total: 'Gesamt', count: 'Anzahl' },
    },
    settings: {
      name: 'Einstellung |||| Einstellungen',
      saved: 'Einstellung gespeichert',
      modules: { platform: 'Plattform', security: 'Sicherheit', catalog: 'Katalog', search: 'Suche' },
    },
    changes: {
      name: 'Änderungsverlauf |||| Änderungsverlauf',
      fields: { at: 'Wann', actor: 'Wer', entityType: 'Art', entityId: 'Datensatz', operation: 'Was' },
    },
  },
};
