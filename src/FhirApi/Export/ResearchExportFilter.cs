using System.Linq.Expressions;
using FhirChain.FhirApi.Consents;
using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Export;

/// <summary>
/// A research export's consent filter for one resource type, set-based. The job's consents were
/// decided once per patient (<see cref="ConsentDecisions"/>: permit, deny, or by code); here a patient
/// who decides by code counts with the decision their consent gives data carrying none of the codes it
/// names, so the query excludes the compartments of hiding patients as a set, with no per-resource
/// provision checks. The resources that carry a named code (found through the token index) are read
/// with their codes and patients and decided one by one with the full provisions; those whose codes
/// change the outcome are let through or held back by id. The outcome is the one
/// <see cref="AccessFilter.Consented(FhirDbContext, ConsentDecisions)"/> gives a search.
/// </summary>
internal sealed class ResearchExportFilter(FhirDbContext db, SearchParameterRegistry registry)
{
    public async Task<Expression<Func<ResourceRow, bool>>> ForTypeAsync(ConsentDecisions decisions, string type, CancellationToken cancellationToken)
    {
        var forType = decisions.For(type);
        var plain = forType.WithoutNamedCodes();
        var codes = forType.NamedCodes();
        if (codes.Count == 0 || registry.Find(type, "code") is null)
        {
            // No patient decides by code, or this type has no codes: the decisions without codes are exact.
            return AccessFilter.ConsentedOfType(db, type, plain, decisions.DefaultPolicy, [], []);
        }

        var codesOf = (await db.TokenIndex.AsNoTracking()
                .Where(t => t.ResourceType == type && t.Param == "code" && t.Code != null && EF.Parameter(codes).Contains(t.Code))
                .Select(t => new { t.ResourceId, t.System, t.Code })
                .ToListAsync(cancellationToken))
            .ToLookup(t => t.ResourceId, t => new CodeKey(t.System, t.Code!), StringComparer.Ordinal);
        if (codesOf.Count == 0)
        {
            return AccessFilter.ConsentedOfType(db, type, plain, decisions.DefaultPolicy, [], []);
        }

        var coded = codesOf.Select(c => c.Key).ToList();
        var patientsOf = (await db.ReferenceIndex.AsNoTracking()
                .Where(x => x.ResourceType == type && x.TargetType == "Patient" && EF.Parameter(coded).Contains(x.ResourceId))
                .Select(x => new { x.ResourceId, x.TargetId })
                .ToListAsync(cancellationToken))
            .ToLookup(x => x.ResourceId, x => x.TargetId, StringComparer.Ordinal);

        // Every patient whose compartment holds the resource must permit it (deny wins); a Patient is in its own.
        // Only resources whose codes change the outcome the query gives them are listed.
        var permits = forType.PatientPermits(type, decisions.DefaultPolicy);
        var permitsWithoutCodes = plain.PatientPermits(type, decisions.DefaultPolicy);
        bool Visible(string id, Func<string?, IReadOnlyCollection<CodeKey>, bool> patientPermits, IReadOnlyCollection<CodeKey> resourceCodes) =>
            (type != "Patient" || patientPermits(id, resourceCodes)) && patientsOf[id].All(p => patientPermits(p, resourceCodes));
        var shown = new List<string>();
        var hidden = new List<string>();
        foreach (var resource in codesOf)
        {
            var visible = Visible(resource.Key, permits, resource.ToList());
            if (visible != Visible(resource.Key, permitsWithoutCodes, []))
            {
                (visible ? shown : hidden).Add(resource.Key);
            }
        }

        return AccessFilter.ConsentedOfType(db, type, plain, decisions.DefaultPolicy, shown, hidden);
    }
}
