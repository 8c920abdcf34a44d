using System.Globalization;
using FhirChain.FhirApi.Storage;
using FhirChain.Provenance.Merkle;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Log;

/// <summary>The public log endpoints (CONTRACT.md section 3): checkpoint, verifier key, consistency proofs. No patient data.</summary>
internal static class LogEndpoints
{
    public static void MapLogEndpoints(this IEndpointRouteBuilder app)
    {
        var log = app.MapGroup("/log");

        log.MapGet("/checkpoint", async (FhirDbContext db, CheckpointService checkpoints, CancellationToken ct) =>
        {
            try
            {
                var signed = await checkpoints.SignLatestAsync(db, ct);
                return Results.Text(signed.SignedNote, "text/plain; charset=utf-8");
            }
            catch (LogIntegrityException ex)
            {
                return Results.Text("The log failed its integrity check and no checkpoint is signed: " + ex.Message + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });

        log.MapGet("/key", (CheckpointService checkpoints) =>
            Results.Text(checkpoints.VerifierKey + "\n", "text/plain; charset=utf-8"));

        log.MapGet("/proof/consistency", async (string? from, string? to, FhirDbContext db, CancellationToken ct) =>
        {
            if (!long.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var size1) || !long.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var size2))
            {
                return Results.BadRequest(new { error = "Query parameters 'from' and 'to' must be tree sizes (non-negative integers)." });
            }

            var size = await db.LogHead.AsNoTracking().Where(h => h.Id == LogHeadRow.SingletonId).Select(h => h.Size).FirstOrDefaultAsync(ct);
            if (size1 < 1 || size1 > size2 || size2 > size)
            {
                return Results.BadRequest(new { error = $"Need 1 <= from <= to <= {size} (the current tree size); got from={size1}, to={size2}." });
            }

            try
            {
                var plan = ProofPlanner.Consistency(size1, size2);
                var proof = plan.Rehash(await NodeReader.ReadAsync(db, plan.Ids, ct));
                return Results.Json(new { hashes = proof.Select(Convert.ToBase64String).ToArray() });
            }
            catch (MissingLogNodeException ex)
            {
                return Results.Json(new { error = ex.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
    }
}
