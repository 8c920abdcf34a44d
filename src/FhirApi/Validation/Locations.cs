namespace FhirChain.FhirApi.Validation;

/// <summary>Turns the SDK's instance paths (<c>$this.status</c>, <c>Observation.code[0]</c>) into FHIRPath expressions rooted at the type.</summary>
internal static class Locations
{
    public static string ToExpression(string resourceType, string? instancePath)
    {
        if (string.IsNullOrEmpty(instancePath) || instancePath == "$this")
        {
            return resourceType;
        }

        if (instancePath.StartsWith("$this.", StringComparison.Ordinal))
        {
            return resourceType + instancePath[5..];
        }

        return instancePath;
    }
}
