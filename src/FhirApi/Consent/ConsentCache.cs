using System.Collections.Concurrent;
using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Consents;

/// <summary>
/// The current research Consents, parsed once and reused until any Consent is written: each request
/// first reads a stamp (count and newest current row of all Consents, in one statement), so a
/// revocation, an expiry or a new consent takes effect on the very next request. Provisions are
/// interpreted at the request's time, for its caller; the result (and the decisions per patient and
/// type) is kept for the caller until the next instant at which some provision's period starts or
/// ends, since until then interpreting them again gives the same directives.
/// </summary>
internal sealed class ConsentCache(FhirSerializer serializer)
{
    private Snapshot? snapshot;

    /// <summary>The directives that govern research access for the caller at <paramref name="now"/>, and their decisions under <paramref name="defaultPolicy"/>.</summary>
    public async Task<ConsentsDecided> DecideAsync(FhirDbContext db, Caller caller, DateTimeOffset now, ConsentPolicy defaultPolicy, CancellationToken cancellationToken)
    {
        var consents = db.Resources.AsNoTracking().Where(r => r.ResourceType == "Consent");
        var read = await consents.GroupBy(r => r.ResourceType).Select(g => new { Count = g.Count(), Newest = g.Max(r => r.CurrentRowId) }).FirstOrDefaultAsync(cancellationToken);
        var stamp = new Stamp(read?.Count ?? 0, read?.Newest ?? 0);
        var current = snapshot;
        if (current is null || current.Stamp != stamp)
        {
            var json = await consents.Where(r => !r.IsDeleted)
                .Join(db.ResourceVersions, r => r.CurrentRowId, v => v.Id, (r, v) => v.Json)
                .ToListAsync(cancellationToken);
            var parsed = json.OfType<string>().Select(j => serializer.FromStoredJson(j)).OfType<Hl7.Fhir.Model.Consent>()
                .Where(c => ConsentInterpreter.IsResearch(c.Scope)).ToList();
            current = new Snapshot(stamp, parsed, parsed.SelectMany(c => ConsentInterpreter.Boundaries(c.Provision)).Distinct().Order().ToList());
            snapshot = current;
        }

        var key = new CallerKey(caller.Subject, caller.FhirUser, caller.PurposeOfUse, defaultPolicy);
        if (current.Decided.TryGetValue(key, out var kept) && kept.From <= now && now < kept.Until)
        {
            return kept.Value;
        }

        // The most recent applicable research consent of each patient governs.
        var directives = current.Consents
            .Select(c => ConsentInterpreter.Interpret(c, now, caller))
            .OfType<ConsentDirective>()
            .GroupBy(d => d.PatientId)
            .Select(g => g.OrderByDescending(d => d.Recorded).ThenByDescending(d => d.ConsentId, StringComparer.Ordinal).First())
            .ToList();
        var decided = new ConsentsDecided(directives, new ConsentDecisions(directives, defaultPolicy));
        var (from, until) = current.Around(now);
        current.Decided[key] = new Kept(decided, from, until);
        return decided;
    }

    private sealed record Stamp(int Count, long NewestRow);

    /// <summary>What interpreting the consents depends on besides the time.</summary>
    private sealed record CallerKey(string Subject, string? FhirUser, string? PurposeOfUse, ConsentPolicy DefaultPolicy);

    private sealed record Kept(ConsentsDecided Value, DateTimeOffset From, DateTimeOffset Until);

    private sealed record Snapshot(Stamp Stamp, IReadOnlyList<Hl7.Fhir.Model.Consent> Consents, IReadOnlyList<DateTimeOffset> Boundaries)
    {
        public ConcurrentDictionary<CallerKey, Kept> Decided { get; } = new();

        /// <summary>The boundaries around an instant: the last at or before it and the first after it.</summary>
        public (DateTimeOffset From, DateTimeOffset Until) Around(DateTimeOffset now)
        {
            var from = DateTimeOffset.MinValue;
            var until = DateTimeOffset.MaxValue;
            foreach (var boundary in Boundaries)
            {
                if (boundary <= now)
                {
                    from = boundary;
                }
                else
                {
                    until = boundary;
                    break;
                }
            }

            return (from, until);
        }
    }
}
