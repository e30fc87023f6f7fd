package dev.gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The slow salted hash of a generated admin password (never the password itself). */
@Entity
@Table(name = "gh_admin_credential")
public class AdminCredentialEntity {
  @Id
  @Column(name = "username")
  private String username;

  @Column(name = "password_hash", nullable = false, length = 512)
  private String passwordHash;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected AdminCredentialEntity() {}

  public AdminCredentialEntity(String username, String passwordHash, Instant createdAt) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.createdAt = createdAt;
  }

  public String getUsername() {
    return username;
  }

  public String getPasswordHash() {
    return passwordHash;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
