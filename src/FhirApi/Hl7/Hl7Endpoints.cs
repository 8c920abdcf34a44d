using System.Text;
using Microsoft.Net.Http.Headers;

namespace FhirChain.FhirApi.Hl7v2;

/// <summary>
/// <c>POST /hl7v2</c>: an ER7 message in the body (<c>x-application/hl7-v2+er7</c> or <c>text/plain</c>),
/// its ACK in the response, in the same content type. The status is 200 whatever MSA-1 says (AA, AE
/// or AR); 400 only for an empty body, 415 for any other content type. With <c>Auth:Enabled</c>, 401 or
/// 403 with an OperationOutcome before the body is read (<see cref="Hl7FeedAccess"/>).
/// </summary>
internal static class Hl7Endpoints
{
    public const string Er7MediaType = "x-application/hl7-v2+er7";

    public static void MapHl7Endpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/hl7v2", async (HttpRequest http, Hl7Ingest ingest, CancellationToken ct) =>
        {
            if (Hl7FeedAccess.Refusal(http.HttpContext) is { } refusal)
            {
                Hl7FeedAccess.RecordRefusal(http.HttpContext, refusal);
                await Hl7FeedAccess.WriteAsync(http.HttpContext, refusal);
                return Results.Empty;
            }

            if (!MediaTypeHeaderValue.TryParse(http.ContentType, out var contentType)
                || !(contentType.MediaType.Equals(Er7MediaType, StringComparison.OrdinalIgnoreCase) || contentType.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)))
            {
                return Results.Text($"POST /hl7v2 takes an ER7 message as {Er7MediaType} or text/plain, not '{http.ContentType}'.\n", "text/plain", Encoding.UTF8, StatusCodes.Status415UnsupportedMediaType);
            }

            var encoding = contentType.Encoding ?? Encoding.UTF8;
            using var reader = new StreamReader(http.Body, encoding, detectEncodingFromByteOrderMarks: true);
            var text = await reader.ReadToEndAsync(ct);
            if (string.IsNullOrWhiteSpace(text))
            {
                return Results.Text("POST /hl7v2 needs an ER7 message in the body.\n", "text/plain", Encoding.UTF8, StatusCodes.Status400BadRequest);
            }

            var result = await ingest.IngestAsync(text, ct);
            return Results.Text(result.Ack, contentType.MediaType.Value!.ToLowerInvariant(), encoding, StatusCodes.Status200OK);
        });
    }
}
