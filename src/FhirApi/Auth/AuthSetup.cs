using FhirChain.FhirApi.Audit;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Rest;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace FhirChain.FhirApi.Auth;

/// <summary>JWT bearer authentication: an external OIDC authority, or the local development key.</summary>
internal static class AuthSetup
{
    public static IServiceCollection AddFhirAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddScoped<CallerAccessor>();
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.AddAuthorization();
        var authentication = services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme);
        if (!options.Enabled)
        {
            return services;
        }

        authentication.AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.Audience = options.Audience;
            if (!string.IsNullOrEmpty(options.Authority))
            {
                jwt.Authority = options.Authority;
            }
            else
            {
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    IssuerSigningKey = DevSigningKey.LoadOrCreate(options.SigningKeyPath),
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            }

            jwt.Events = new JwtBearerEvents
            {
                // Anything that challenges (an [Authorize] endpoint, a forbidden result) answers as FHIR does.
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    var reason = context.AuthenticateFailure?.Message ?? context.ErrorDescription ?? "This server needs a bearer token.";
                    AuthenticationFailureAudit.Record(context.HttpContext, reason, tokenRefused: context.AuthenticateFailure is not null);
                    await new FhirHttpResult(AuthOutcomes.Unauthorized(reason)).ExecuteAsync(context.HttpContext);
                },
                OnForbidden = async context =>
                    await new FhirHttpResult(AuthOutcomes.Forbidden("The token does not allow this request.")).ExecuteAsync(context.HttpContext),
            };
        });
        return services;
    }
}
