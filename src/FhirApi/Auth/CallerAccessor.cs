using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Auth;

/// <summary>
/// The caller of the current scope: the bearer token's claims on an HTTP request when auth is on,
/// otherwise <see cref="Caller.Unrestricted"/>. Background work (export jobs) sets it explicitly.
/// </summary>
internal sealed class CallerAccessor(IHttpContextAccessor http, IOptions<AuthOptions> options)
{
    private Caller? caller;

    public Caller Current => caller ??= FromHttp();

    public void Set(Caller value) => caller = value;

    public static Caller FromPrincipal(ClaimsPrincipal principal)
    {
        string? Claim(string type) => principal.FindFirst(type)?.Value;
        var scopeText = string.Join(' ', principal.FindAll(CallerClaims.Scope).Select(c => c.Value));
        return new Caller(
            IsUnrestricted: false,
            Subject: Claim(CallerClaims.Subject) ?? Claim(CallerClaims.ClientId) ?? "unknown",
            Scopes: SmartScope.ParseAll(scopeText),
            PatientId: Claim(CallerClaims.Patient),
            PurposeOfUse: Claim(CallerClaims.PurposeOfUse),
            FhirUser: Claim(CallerClaims.FhirUser),
            ScopeText: scopeText);
    }

    private Caller FromHttp()
    {
        if (!options.Value.Enabled || http.HttpContext is not { } context)
        {
            return Caller.Unrestricted;
        }

        return context.User.Identity?.IsAuthenticated == true
            ? FromPrincipal(context.User)
            : Caller.Anonymous;
    }
}
