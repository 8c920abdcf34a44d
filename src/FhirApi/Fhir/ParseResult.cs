using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Fhir;

/// <summary>A parsed resource, or why the body is not one.</summary>
internal sealed record ParseResult(Resource? Resource, IReadOnlyList<ParseIssue> Issues)
{
    public bool Succeeded => Resource is not null;

    public static ParseResult Ok(Resource resource) => new(resource, []);

    public static ParseResult Fail(IReadOnlyList<ParseIssue> issues) => new(null, issues);
}
