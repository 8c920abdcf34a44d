using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Fhir;

/// <summary>
/// A parsed body. <see cref="SyntaxIssues"/> mean the body is not a FHIR resource at all (400);
/// <see cref="ValidationIssues"/> mean it parsed but breaks the base spec's rules, such as a missing
/// required element (422).
/// </summary>
internal sealed record ParseResult(Resource? Resource, IReadOnlyList<ParseIssue> SyntaxIssues, IReadOnlyList<ParseIssue> ValidationIssues)
{
    public IEnumerable<ParseIssue> Issues => SyntaxIssues.Concat(ValidationIssues);

    public static ParseResult Ok(Resource resource) => new(resource, [], []);

    public static ParseResult Fail(IReadOnlyList<ParseIssue> issues) => new(null, issues, []);
}
