namespace FhirChain.FhirApi.Search;

/// <summary>A parameter left out under <c>Prefer: handling=lenient</c>, and why (reported in the searchset's OperationOutcome).</summary>
internal sealed record IgnoredParameter(string Name, string Reason);
