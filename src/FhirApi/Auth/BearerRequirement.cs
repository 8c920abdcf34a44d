using FhirChain.FhirApi.Audit;
using FhirChain.FhirApi.Hl7v2;
using FhirChain.FhirApi.Rest;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Auth;

/// <summary>
/// With <c>Auth:Enabled</c>, a FHIR call or an HL7 v2 message posted to <c>/hl7v2</c> without a valid
/// bearer token gets 401 with an OperationOutcome (naming why the token was refused), before its body is
/// read, and an AuditEvent records the refusal (<see cref="AuthenticationFailureAudit"/>). <c>metadata</c>,
/// the SMART discovery document and <c>/log/*</c> stay public.
/// </summary>
internal static class BearerRequirement
{
    public static void UseBearerRequirement(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(async (context, next) =>
        {
            if (!context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled || IsPublic(context.Request.Path)
                || context.User.Identity?.IsAuthenticated == true)
            {
                await next(context);
                return;
            }

            var result = await context.AuthenticateAsync();
            var reason = result.Failure?.Message is { } message
                ? "The bearer token was refused: " + message
                : "This server needs a bearer token (Authorization: Bearer ...).";
            AuthenticationFailureAudit.Record(context, reason, tokenRefused: result.Failure is not null);
            if (context.Request.Path.StartsWithSegments("/hl7v2", StringComparison.Ordinal))
            {
                await Hl7FeedAccess.WriteAsync(context, AuthOutcomes.Unauthorized(reason));
                return;
            }

            await new FhirHttpResult(AuthOutcomes.Unauthorized(reason)).ExecuteAsync(context);
        });
    }

    private static bool IsPublic(PathString path) =>
        !(path.StartsWithSegments("/fhir", StringComparison.Ordinal) || path.StartsWithSegments("/hl7v2", StringComparison.Ordinal))
        || path.StartsWithSegments("/fhir/metadata", StringComparison.Ordinal)
        || path.StartsWithSegments("/fhir/.well-known", StringComparison.Ordinal);
}
