using FhirChain.FhirApi.Search;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Consents;

/// <summary>
/// What the compartment and consent rules look at in one resource's content: its type and id, the
/// patients it references (any reference parameter) and its <c>code</c> tokens. The same values the
/// search index holds for a current resource; read from a deleted resource's last content, which the
/// index no longer holds.
/// </summary>
internal sealed record AccessFacts(string Type, string Id, IReadOnlyList<string> Patients, IReadOnlyList<CodeKey> Codes)
{
    public static AccessFacts Of(Resource resource, IndexValueExtractor extractor)
    {
        var values = extractor.Extract(resource);
        var patients = values.References.Where(r => r.TargetType == "Patient" && r.TargetId is not null).Select(r => r.TargetId!).Distinct(StringComparer.Ordinal).ToList();
        var codes = values.Tokens.Where(t => t.Param == "code" && t.Code is not null).Select(t => new CodeKey(t.System, t.Code!)).Distinct().ToList();
        return new AccessFacts(resource.TypeName, resource.Id!, patients, codes);
    }
}
