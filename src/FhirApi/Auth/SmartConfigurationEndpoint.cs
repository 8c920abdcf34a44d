using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Auth;

/// <summary>SMART discovery, <c>GET /fhir/.well-known/smart-configuration</c> (public): what tokens this server accepts.</summary>
internal static class SmartConfigurationEndpoint
{
    public static void MapSmartConfiguration(this IEndpointRouteBuilder app) =>
        app.MapGet("/fhir/.well-known/smart-configuration", (IOptions<AuthOptions> options) =>
        {
            var auth = options.Value;
            if (!auth.Enabled)
            {
                return Results.NotFound();
            }

            var authority = string.IsNullOrEmpty(auth.Authority) ? null : auth.Authority.TrimEnd('/');
            return Results.Json(new Dictionary<string, object?>
            {
                ["issuer"] = authority ?? auth.Issuer,
                ["token_endpoint"] = authority is null ? null : authority + "/token",
                ["authorization_endpoint"] = authority is null ? null : authority + "/authorize",
                ["grant_types_supported"] = new[] { "client_credentials", "authorization_code" },
                ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt", "client_secret_basic" },
                ["scopes_supported"] = new[] { "system/*.rs", "system/*.cruds", "user/*.cruds", "patient/*.rs", "patient/*.read", "user/*.read", "user/*.write" },
                ["capabilities"] = new[] { "client-confidential-symmetric", "permission-v1", "permission-v2", "context-standalone-patient" },
                ["fhirchain_local_tokens"] = authority is null ? "dotnet run --project src/FhirApi -- token --scope ... (see docs/security.md)" : null,
            }, contentType: "application/json");
        });
}
