using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Consents;

/// <summary>
/// The current research Consents, parsed once and reused until any Consent is written: each request
/// first reads a stamp (count and newest current row of all Consents), so a revocation, an expiry or a
/// new consent takes effect on the very next request. Provisions are interpreted per request, at its time.
/// </summary>
internal sealed class ConsentCache(FhirSerializer serializer)
{
    private Snapshot? snapshot;

    public async Task<IReadOnlyList<ConsentDirective>> DirectivesAsync(FhirDbContext db, Caller caller, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var consents = db.Resources.AsNoTracking().Where(r => r.ResourceType == "Consent");
        var stamp = new Stamp(await consents.CountAsync(cancellationToken), await consents.MaxAsync(r => (long?)r.CurrentRowId, cancellationToken) ?? 0);
        var current = snapshot;
        if (current is null || current.Stamp != stamp)
        {
            var json = await consents.Where(r => !r.IsDeleted)
                .Join(db.ResourceVersions, r => r.CurrentRowId, v => v.Id, (r, v) => v.Json)
                .ToListAsync(cancellationToken);
            var parsed = json.OfType<string>().Select(j => serializer.FromStoredJson(j)).OfType<Hl7.Fhir.Model.Consent>()
                .Where(c => ConsentInterpreter.IsResearch(c.Scope)).ToList();
            current = new Snapshot(stamp, parsed);
            snapshot = current;
        }

        // The most recent applicable research consent of each patient governs.
        return current.Consents
            .Select(c => ConsentInterpreter.Interpret(c, now, caller))
            .OfType<ConsentDirective>()
            .GroupBy(d => d.PatientId)
            .Select(g => g.OrderByDescending(d => d.Recorded).ThenByDescending(d => d.ConsentId, StringComparer.Ordinal).First())
            .ToList();
    }

    private sealed record Stamp(int Count, long NewestRow);

    private sealed record Snapshot(Stamp Stamp, IReadOnlyList<Hl7.Fhir.Model.Consent> Consents);
}
