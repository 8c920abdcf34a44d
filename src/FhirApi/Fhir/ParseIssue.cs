namespace FhirChain.FhirApi.Fhir;

/// <summary>One problem found while parsing a body: the message and, where known, the element path.</summary>
internal sealed record ParseIssue(string Message, string? Location);
