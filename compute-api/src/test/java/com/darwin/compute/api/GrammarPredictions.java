package com.darwin.compute.api;

import java.lang.reflect.Field;
import org.antlr.v4.runtime.dfa.DFA;

/**
 * How much an ANTLR grammar has been used in this JVM: the states of its parser's prediction cache,
 * which its generated class keeps in a static field and which grows with every query it parses.
 * Zero: the grammar never parsed anything here.
 */
final class GrammarPredictions {

  static final String HIBERNATE_HQL = "org.hibernate.grammars.hql.HqlParser";

  static final String SPRING_DATA_HQL = "org.springframework.data.jpa.repository.query.HqlParser";

  private GrammarPredictions() {}

  static int states(String parserClass) {
    try {
      Field cache = Class.forName(parserClass).getDeclaredField("_decisionToDFA");
      cache.setAccessible(true);
      int states = 0;
      for (DFA decision : (DFA[]) cache.get(null)) {
        states += decision.states.size();
      }
      return states;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(parserClass + " is not an ANTLR parser here", e);
    }
  }
}
