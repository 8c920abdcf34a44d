using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FhirChain.FhirApi.Auth;

/// <summary>Mints development JWTs signed with the local key; the <c>token</c> command and the tests use it.</summary>
internal static class TokenMinter
{
    public static string Mint(AuthOptions options, TokenRequest request, TimeProvider clock)
    {
        var key = DevSigningKey.LoadOrCreate(options.SigningKeyPath);
        var claims = new Dictionary<string, object>
        {
            [CallerClaims.Scope] = request.Scope,
            [CallerClaims.Subject] = request.Subject,
            [CallerClaims.ClientId] = request.Subject,
        };
        if (!string.IsNullOrEmpty(request.PurposeOfUse))
        {
            claims[CallerClaims.PurposeOfUse] = request.PurposeOfUse;
        }

        if (!string.IsNullOrEmpty(request.Patient))
        {
            claims[CallerClaims.Patient] = request.Patient;
        }

        if (!string.IsNullOrEmpty(request.FhirUser))
        {
            claims[CallerClaims.FhirUser] = request.FhirUser;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now.AddSeconds(-5),
            Expires = now.Add(request.Lifetime),
            Claims = claims,
            Subject = new ClaimsIdentity(),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
