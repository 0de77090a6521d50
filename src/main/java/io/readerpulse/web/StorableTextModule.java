package io.readerpulse.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.stereotype.Component;

/**
 * Every string in a JSON body must be {@link StorableText}: one that is not fails decoding at its field,
 * which {@link ProblemExceptionHandler} answers with a 400 naming the field.
 */
@Component
final class StorableTextModule extends SimpleModule {

	StorableTextModule() {
		super("storable-text");
		addDeserializer(String.class, new StorableStrings());
	}

	private static final class StorableStrings extends ValueDeserializer<String> {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			String value = StringDeserializer.instance.deserialize(parser, context);
			if (value != null && !StorableText.isStorable(value)) {
				throw InvalidFormatException.from(parser, StorableText.MESSAGE, value, String.class);
			}
			return value;
		}

	}

}
