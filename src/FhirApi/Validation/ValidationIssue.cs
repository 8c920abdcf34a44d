namespace FhirChain.FhirApi.Validation;

/// <summary>One finding: what is wrong and the element it is about (a FHIRPath from the resource type).</summary>
internal sealed record ValidationIssue(string Message, string Expression, bool IsError = true);
