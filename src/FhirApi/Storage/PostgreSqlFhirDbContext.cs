using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Storage;

/// <summary>The PostgreSql schema; its migrations live in Storage/Migrations/PostgreSql.</summary>
internal sealed class PostgreSqlFhirDbContext(DbContextOptions<PostgreSqlFhirDbContext> options) : FhirDbContext(options);
