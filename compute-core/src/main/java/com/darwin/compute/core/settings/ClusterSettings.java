package com.darwin.compute.core.settings;

import com.darwin.compute.core.store.ClusterConfigEntity;
import com.darwin.compute.core.store.ClusterConfigRepository;
import com.darwin.compute.core.store.DuplicateKeys;
import com.darwin.compute.model.catalogue.ClusterConfigEntry;
import java.time.Clock;
import java.util.List;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operators' key/value settings of {@code /cluster-config}, kept in MySQL so that they can be
 * changed without a deployment.
 */
@Service
public class ClusterSettings {

  /** The largest page of the list. */
  public static final int MAX_PAGE = 1000;

  /** The largest offset of the list (a bound, so that offset + limit cannot overflow). */
  public static final int MAX_OFFSET = 1_000_000;

  private final ClusterConfigRepository settings;
  private final ClusterSettingLookups lookups;
  private final Clock clock;

  public ClusterSettings(
      ClusterConfigRepository settings, ClusterSettingLookups lookups, Clock clock) {
    this.settings = settings;
    this.lookups = lookups;
    this.clock = clock;
  }

  /** A page of settings ordered by key. */
  @Transactional(readOnly = true)
  public List<ClusterConfigEntry> list(int offset, int limit) {
    // Offsets need not be multiples of the limit: read up to offset + limit and cut.
    return settings.findAll(PageRequest.of(0, offset + limit, Sort.by("key"))).stream()
        .skip(offset)
        .map(s -> new ClusterConfigEntry(s.getKey(), s.getValue()))
        .toList();
  }

  @Transactional(readOnly = true)
  public String get(String key) {
    return settings
        .findById(key)
        .map(ClusterConfigEntity::getValue)
        .orElseThrow(() -> new SettingNotFoundException(key));
  }

  @Transactional
  public void create(String key, String value) {
    if (settings.existsById(key)) {
      throw new SettingExistsException(key);
    }
    lookups.changed();
    try {
      settings.saveAndFlush(new ClusterConfigEntity(key, value, clock.instant()));
    } catch (DataIntegrityViolationException e) {
      // Only a key another create took first is a conflict; any other refusal is not this one.
      if (DuplicateKeys.isDuplicate(e)) {
        throw new SettingExistsException(key);
      }
      throw e;
    }
  }

  @Transactional
  public void update(String key, String value) {
    lookups.changed();
    settings
        .findById(key)
        .orElseThrow(() -> new SettingNotFoundException(key))
        .changeValue(value, clock.instant());
  }

  /** No setting has this key. */
  public static class SettingNotFoundException extends RuntimeException {
    public SettingNotFoundException(String key) {
      super("Cluster config not found for key: " + key);
    }
  }

  /** A setting with this key exists already ({@code PUT} changes it). */
  public static class SettingExistsException extends RuntimeException {
    public SettingExistsException(String key) {
      super("Cluster config key " + key + " already exists; use PUT /cluster-config/" + key);
    }
  }
}
