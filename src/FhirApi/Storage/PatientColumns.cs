namespace FhirChain.FhirApi.Storage;

/// <summary>
/// The patient columns of <see cref="ResourceRow"/> (<see cref="ResourceRow.PatientRef"/>,
/// <see cref="ResourceRow.ManyPatients"/>): the distinct ids in {its own id, if a live Patient} and
/// {targets of its reference index rows of type Patient}. Every write computes them from the rows it
/// indexes (<see cref="WriteSession"/>, the one place resources and their index rows are written); the
/// migration that added them, and a test, derive them from the stored reference index with
/// <see cref="BackfillSql"/>, the same definition in SQL.
/// </summary>
internal static class PatientColumns
{
    /// <summary>The columns of a live resource with these index rows (deleted resources have none: null, false).</summary>
    public static (string? PatientRef, bool ManyPatients) Of(string type, string id, IEnumerable<ReferenceIndexRow> references)
    {
        var patients = references.Where(r => r.TargetType == "Patient" && r.TargetId is not null).Select(r => r.TargetId!).ToHashSet(StringComparer.Ordinal);
        if (type == "Patient")
        {
            patients.Add(id);
        }

        return patients.Count switch
        {
            0 => (null, false),
            1 => (patients.First(), false),
            _ => (null, true),
        };
    }

    /// <summary>
    /// One set-based statement that sets both columns of every resource from the reference index: the
    /// patients of each resource grouped once, joined to <c>resources</c>. Resources with no patient keep
    /// null and false, as added; it is meant for freshly added columns (or columns reset to those values).
    /// </summary>
    public static string BackfillSql(StorageProvider provider) => provider switch
    {
        StorageProvider.SqlServer => $"""
            WITH {PatientsCte("0")}
            UPDATE r SET patient_ref = CASE WHEN g.patients = 1 THEN g.first_patient END, many_patients = CASE WHEN g.patients > 1 THEN 1 ELSE 0 END
            FROM resources AS r JOIN g ON r.resource_type = g.resource_type AND r.resource_id = g.resource_id;
            """,
        _ => $"""
            WITH {PatientsCte("false")}
            UPDATE resources SET patient_ref = CASE WHEN g.patients = 1 THEN g.first_patient END, many_patients = g.patients > 1
            FROM g WHERE resources.resource_type = g.resource_type AND resources.resource_id = g.resource_id;
            """,
    };

    private static string PatientsCte(string notDeleted) => $"""
        p AS (
            SELECT resource_type, resource_id, target_id AS patient_id FROM search_reference WHERE target_type = 'Patient' AND target_id IS NOT NULL
            UNION
            SELECT resource_type, resource_id, resource_id FROM resources WHERE resource_type = 'Patient' AND is_deleted = {notDeleted}
        ),
        g AS (
            SELECT resource_type, resource_id, MIN(patient_id) AS first_patient, COUNT(*) AS patients FROM p GROUP BY resource_type, resource_id
        )
        """;
}
