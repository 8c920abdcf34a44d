namespace FhirChain.FhirApi.Auth;

/// <summary>Who is calling: from the bearer token, or the server itself (auth off, HL7 feed, CLI, background work).</summary>
internal sealed record Caller(bool IsUnrestricted, string Subject, IReadOnlyList<SmartScope> Scopes, string? PatientId, string? PurposeOfUse, string? FhirUser, string ScopeText)
{
    /// <summary>No token checks apply: authentication is off, or the server acts on its own behalf.</summary>
    public static Caller Unrestricted { get; } = new(true, "fhirchain", [], null, null, null, string.Empty);

    /// <summary>A request without a valid token (only reaches the pipeline outside <c>/fhir</c>).</summary>
    public static Caller Anonymous { get; } = new(false, "anonymous", [], null, null, null, string.Empty);

    /// <summary>A research client: its data access is governed by patients' research consents.</summary>
    public bool IsResearch => string.Equals(PurposeOfUse, CallerClaims.Research, StringComparison.Ordinal);

    public AccessGrant GrantFor(string resourceType, SmartPermission permission)
    {
        if (IsUnrestricted)
        {
            return AccessGrant.Full;
        }

        var best = AccessGrant.None;
        foreach (var scope in Scopes.Where(s => s.Grants(resourceType, permission)))
        {
            if (scope.Context is SmartContext.User or SmartContext.System)
            {
                return AccessGrant.Full;
            }

            if (PatientId is not null)
            {
                best = AccessGrant.PatientCompartment;
            }
        }

        return best;
    }
}
