using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Consents;

/// <summary>
/// The few current resources of a type among which every one a research client's consents hide is
/// found, so that a search can count what the client sees as (every match) minus (the matches among
/// these that the filter rejects), instead of testing each match's patient on its <c>resources</c> row.
/// A resource is hidden only when one of its patients hides it, and a patient hides a resource only
/// when it hides every resource of the type (denies it, decides by code and denies data without the
/// codes its consent names, or has no consent under the opt-in policy), or when the resource carries
/// one of the codes some consent names. So the candidates are the resources of the type that refer to
/// such a patient (or are one), and those that carry such a code. When every patient consents, they
/// are none; when many patients hide, they are many and <see cref="FindAsync"/> gives up.
/// </summary>
internal static class HiddenCandidates
{
    /// <summary>Up to this many hiding patients, their resources are listed whatever their share of all patients (the limit bounds the cost).</summary>
    private const int MaxHidingPatientsTried = 100;

    /// <summary>
    /// The candidates' ids (in no order), or null when there are more than <paramref name="limit"/>, or
    /// when they cannot be listed cheaply: on SQL Server; for Patient under the opt-in policy (a Patient
    /// that nothing refers to and that has no consent is hidden, and only reading every Patient would find
    /// it); and under that policy when more than 4 * <paramref name="limit"/> (at least 1,000) patients are
    /// referred to, since finding those without a consent takes a seek per patient, or when more than a
    /// quarter of them (and more than <see cref="MaxHidingPatientsTried"/>) hide the type's data.
    /// </summary>
    public static async Task<IReadOnlyList<string>?> FindAsync(FhirDbContext db, ConsentDecisions decisions, string type, int limit, CancellationToken cancellationToken)
    {
        var optIn = decisions.DefaultPolicy == ConsentPolicy.Deny;
        if (db.Database.IsSqlServer() || (optIn && type == "Patient"))
        {
            return null;
        }

        var forType = decisions.For(type);
        var withoutCodes = forType.WithoutNamedCodes();
        var hiding = new HashSet<string>(withoutCodes.Denied, StringComparer.Ordinal);
        if (optIn)
        {
            var patients = await ReferencedPatientsAsync(db, Math.Max(4 * limit, 1_000), cancellationToken);
            if (patients is null)
            {
                return null;
            }

            var permitted = withoutCodes.Permitted.ToHashSet(StringComparer.Ordinal);
            hiding.UnionWith(patients.Where(p => !permitted.Contains(p)));
            if (hiding.Count > Math.Max(patients.Count / 4, MaxHidingPatientsTried))
            {
                // Their resources would be about a quarter of the matches or more: not worth listing.
                return null;
            }
        }

        var candidates = new HashSet<string>(StringComparer.Ordinal);
        if (hiding.Count > 0)
        {
            var ids = hiding.ToList();
            var referring = await db.ReferenceIndex.AsNoTracking()
                .Where(x => x.TargetType == "Patient" && EF.Parameter(ids).Contains(x.TargetId!) && x.ResourceType == type)
                .Select(x => x.ResourceId).Distinct().Take(limit + 1).ToListAsync(cancellationToken);
            if (referring.Count > limit)
            {
                return null;
            }

            candidates.UnionWith(referring);
            if (type == "Patient")
            {
                candidates.UnionWith(ids);
            }
        }

        var codes = forType.NamedCodes();
        if (codes.Count > 0)
        {
            var coded = await db.TokenIndex.AsNoTracking()
                .Where(t => t.ResourceType == type && t.Param == "code" && EF.Parameter(codes).Contains(t.Code!))
                .Select(t => t.ResourceId).Distinct().Take(limit + 1).ToListAsync(cancellationToken);
            if (coded.Count > limit)
            {
                return null;
            }

            candidates.UnionWith(coded);
        }

        return candidates.Count <= limit ? candidates.ToList() : null;
    }

    /// <summary>
    /// Every patient id that some stored reference names (a superset of the patients of every current
    /// resource other than a Patient), or null when there are more than <paramref name="max"/>.
    /// A recursive query hops along the reverse reference index from one patient to the next: one index
    /// seek per patient, however many references each has.
    /// </summary>
    private static async Task<List<string>?> ReferencedPatientsAsync(FhirDbContext db, int max, CancellationToken cancellationToken)
    {
        const string LooseIndexScan = """
            WITH RECURSIVE referenced(target_id) AS (
                SELECT MIN(target_id) FROM search_reference WHERE target_type = 'Patient'
                UNION ALL
                SELECT (SELECT MIN(x.target_id) FROM search_reference x WHERE x.target_type = 'Patient' AND x.target_id > p.target_id)
                FROM referenced p WHERE p.target_id IS NOT NULL)
            SELECT target_id AS "Value" FROM referenced WHERE target_id IS NOT NULL LIMIT {0}
            """;
        var patients = await db.Database.SqlQueryRaw<string>(LooseIndexScan, max + 1).ToListAsync(cancellationToken);
        return patients.Count <= max ? patients : null;
    }
}
