namespace FhirChain.FhirApi.Auth;

/// <summary>The <c>Auth</c> section: bearer tokens from an OIDC authority or a local development key.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>When true, every FHIR call (except <c>metadata</c> and the SMART discovery document) needs a bearer token.</summary>
    public bool Enabled { get; set; }

    /// <summary>An external OIDC authority; when set, tokens are validated against its published keys instead of the local key.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must carry.</summary>
    public string Audience { get; set; } = "fhirchain";

    /// <summary>The issuer of locally minted development tokens.</summary>
    public string Issuer { get; set; } = "fhirchain-dev";

    /// <summary>The local HMAC-SHA256 signing key, generated on first use when missing.</summary>
    public string SigningKeyPath { get; set; } = "data/auth-signing.key";
}
