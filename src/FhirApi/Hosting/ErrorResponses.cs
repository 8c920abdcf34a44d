
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Rest;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Diagnostics;

namespace FhirChain.FhirApi.Hosting;

/// <summary>Bodies for what never reached an endpoint (no route: 404, wrong method: 405) and for unhandled errors (500), all as OperationOutcome.</summary>
internal static partial class ErrorResponses
{
    public static void UseFhirErrorResponses(this WebApplication app)
    {
        app.UseExceptionHandler(errorApp => errorApp.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("FhirChain.Errors");
            LogUnhandled(logger, error?.GetType().Name ?? "unknown", error?.Message ?? string.Empty, error);
            var outcome = Outcomes.Outcome(OperationOutcome.IssueSeverity.Fatal, OperationOutcome.IssueType.Exception,
                "The server failed to process the request; nothing was stored. Reference: " + context.TraceIdentifier);
            await new FhirHttpResult(FhirResponse.Of(StatusCodes.Status500InternalServerError, outcome)).ExecuteAsync(context);
        }));

        app.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            if (!context.Request.Path.StartsWithSegments("/fhir", StringComparison.Ordinal))
            {
                return;
            }

            var code = context.Response.StatusCode;
            var response = code switch
            {
                StatusCodes.Status404NotFound => Outcomes.NotFound($"No FHIR interaction at {context.Request.Method} {context.Request.Path}."),
                StatusCodes.Status405MethodNotAllowed => Outcomes.MethodNotAllowed($"{context.Request.Method} is not allowed on {context.Request.Path}."),
                _ => Outcomes.Error(code, OperationOutcome.IssueType.Processing, $"HTTP {code} for {context.Request.Method} {context.Request.Path}."),
            };
            await new FhirHttpResult(response).ExecuteAsync(context);
        });
    }

    [LoggerMessage(EventId = LogEvents.UnhandledError, Level = LogLevel.Error, Message = "Unhandled {ExceptionType}: {Message}")]
    private static partial void LogUnhandled(ILogger logger, string exceptionType, string message, Exception? exception);

}
