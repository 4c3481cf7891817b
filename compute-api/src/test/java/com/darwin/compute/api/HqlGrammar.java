package com.darwin.compute.api;

import java.lang.reflect.Field;
import org.antlr.v4.runtime.dfa.DFA;

/**
 * The HQL grammars on the class path, and how much each has been used in this JVM: the states of
 * its parser's prediction cache, which the generated parser class keeps in a static field and which
 * grows as the queries it parses take new prediction paths. Zero: it parsed nothing here.
 */
enum HqlGrammar {
  HIBERNATE("org.hibernate.grammars.hql.HqlParser"),
  SPRING_DATA("org.springframework.data.jpa.repository.query.HqlParser");

  private final String parserClass;

  HqlGrammar(String parserClass) {
    this.parserClass = parserClass;
  }

  int predictionStates() {
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
