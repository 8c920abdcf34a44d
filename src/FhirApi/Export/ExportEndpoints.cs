using System.Globalization;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Rest;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Export;

/// <summary>
/// FHIR Bulk Data Access (v2) at <c>/fhir</c>: kick-off (<c>$export</c> at system, Patient and
/// Group level), status polling and cancel (<c>$export-status/{job}</c>) and the NDJSON files
/// (<c>$export-file/{job}/{file}</c>).
/// </summary>
internal static class ExportEndpoints
{
    public static void MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup("/fhir");

        fhir.MapGet("/$export", async (HttpRequest http, ExportService exports, CancellationToken ct) =>
            new FhirHttpResult(await exports.KickOffAsync("system", null, http, ct)));

        fhir.MapGet("/Patient/$export", async (HttpRequest http, ExportService exports, CancellationToken ct) =>
            new FhirHttpResult(await exports.KickOffAsync("patient", null, http, ct)));

        fhir.MapGet("/Group/{id}/$export", async (string id, HttpRequest http, ExportService exports, CancellationToken ct) =>
            new FhirHttpResult(await exports.KickOffAsync("group", id, http, ct)));

        fhir.MapGet("/$export-status/{job}", async (string job, ExportService exports, CancellationToken ct) =>
        {
            var (row, refusal) = await exports.FindAsync(job, ct);
            return row?.Status switch
            {
                null => new FhirHttpResult(refusal!),
                ExportStatus.Completed => Results.Text(row.ManifestJson!, "application/json"),
                ExportStatus.Failed => new FhirHttpResult(Outcomes.Error(StatusCodes.Status500InternalServerError,
                    Hl7.Fhir.Model.OperationOutcome.IssueType.Exception, $"Export job {job} failed: {row.Error}")),
                _ => new FhirHttpResult(new FhirResponse(StatusCodes.Status202Accepted)
                {
                    RetryAfter = TimeSpan.FromSeconds(1),
                    Headers = new Dictionary<string, string> { ["X-Progress"] = row.Progress ?? row.Status },
                }),
            };
        });

        fhir.MapDelete("/$export-status/{job}", async (string job, ExportService exports, CancellationToken ct) =>
            new FhirHttpResult(await exports.CancelAsync(job, ct)));

        fhir.MapGet("/$export-file/{job}/{file}", async (string job, string file, ExportService exports, IOptions<ExportOptions> options, CancellationToken ct) =>
        {
            var (row, refusal) = await exports.FindAsync(job, ct);
            if (row is null)
            {
                return new FhirHttpResult(refusal!);
            }

            var path = ExportFiles.PathOf(options.Value, job, file);
            if (row.Status != ExportStatus.Completed || path is null || !File.Exists(path))
            {
                return new FhirHttpResult(Outcomes.NotFound($"Export job {job} has no file '{file}'."));
            }

            return Results.File(path, "application/fhir+ndjson", lastModified: DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedMs),
                fileDownloadName: null, enableRangeProcessing: false, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(
                    "\"" + row.UpdatedMs.ToString(CultureInfo.InvariantCulture) + "\""));
        });
    }
}
